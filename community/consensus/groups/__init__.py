"""Opinion groups found from votes, the way Polis finds them (issue 25;
docs/decisions/0024-opinion-groups.md, "Computation").

matrix: the participants × opinions vote matrix of a topic, and who has voted enough to be
placed; projection: PCA with Polis's imputation and sparsity scaling; clustering: k-means, k by
silhouette, "no structure", stable labels; repness: representative opinions and group-informed
consensus; hulls: a group's outline; compute: one computation in memory; runs: computing and
storing a run (the background task community.tasks.opinion_groups_compute); schedule: when a
vote makes a topic due for another run. report: what staff and, once published, participants
see of the latest stored run ("What people see"); publishing: staff publishing it after the
topic closes.

numpy, scikit-learn and scipy are imported only by the computation (the worker), never by
schedule, which web processes use.
"""
