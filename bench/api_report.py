"""bench/api.py's report, printed from its figures."""

DEPTHS = ("first", "middle", "last")


def print_report(figures):
    small, full = figures["sizes"]
    hello = figures["hello"]["median"]
    print()
    print(f"Public API (issue 26), {figures['database']}, commit {figures['commit']}")
    print(
        f"  {full['articles']:,} articles and {full['opinions']:,} opinions (queries also at "
        f"{small['articles']:,} and {small['opinions']:,}); {figures['requests']} requests "
        f"per page; hello: median {hello:.2f} ms, p90 {figures['hello']['p90']:.2f} ms"
    )
    print_lists(small, full, hello)
    print_plans(figures["plans"])
    print_harvest(figures)
    print_conditional(figures["conditional"], hello)
    print()
    print(f"Total {figures['total_seconds']:.0f} s ({figures['cpu_seconds']:.0f} s of CPU)")


def print_lists(small, full, hello):
    print()
    print("1. Lists: queries per request (small size / full size), time at the full size")
    print(
        f"   {'list':<16}{'limit':>6}{'pages':>7}  {'depth':<7}{'queries':>8}{'items':>6}"
        f"{'bytes':>9}{'median ms':>10}{'p90 ms':>8}{'÷ hello':>8}"
    )
    for name, by_limit in full["lists"].items():
        for limit, row in by_limit.items():
            for depth in DEPTHS:
                page, before = row[depth], small["lists"][name][limit][depth]
                print(
                    f"   {name:<16}{limit:>6}{row['pages']:>7,}  {depth:<7}"
                    f"{before['queries']:>4}/{page['queries']:<3}{page['items']:>6}"
                    f"{page['bytes']:>9,}{page['median']:>10.2f}{page['p90']:>8.2f}"
                    f"{page['median'] / hello:>8.1f}"
                )
        print(f"   {name}: constant: {constant(small, full, name)}")
    detail, before = full["detail"], small["detail"]
    print(
        f"   article detail: queries {before['queries']}/{detail['queries']}, "
        f"{detail['bytes']:,} bytes, median {detail['median']:.2f} ms, p90 {detail['p90']:.2f} "
        f"ms, ÷ hello {detail['median'] / hello:.1f}; constant: "
        f"{'yes' if before['queries'] == detail['queries'] else 'NO'}"
    )


def constant(small, full, name):
    """ "yes (n queries)" when every depth, size and limit of the list costs the same."""
    counts = {
        size["lists"][name][limit][depth]["queries"]
        for size in (small, full)
        for limit in size["lists"][name]
        for depth in DEPTHS
    }
    if len(counts) == 1:
        return f"yes ({counts.pop()} queries per page at every depth, both sizes and limits)"
    return f"NO ({', '.join(str(count) for count in sorted(counts))} queries)"


def print_plans(plans):
    print()
    print("2. Plans of each list's main query (its second page, after a cursor)")
    for name, plan in plans.items():
        print(f"   {name}: uses {plan['index']}: {'yes' if plan['uses_index'] else 'NO'}")
        for line in plan["plan"].splitlines():
            print(f"     {line}")


def print_harvest(figures):
    print()
    print("3. Harvest: `next` followed at limit=200")
    for size in figures["sizes"]:
        print(
            f"   updated_since=<before everything>, {size['articles']:,} articles and "
            f"{size['opinions']:,} opinions"
        )
        harvest_rows(size["harvest"])
    print(
        "   after 50 articles re-published, 25 opinions voted on and 25 edited: "
        "updated_since=<the start of the full size's harvests>"
    )
    harvest_rows(figures["changes"])


def harvest_rows(part):
    for name, row in part.items():
        print(
            f"     {name:<16}{row['pages']:>4} pages, {row['requests']:>4} requests, "
            f"{row['seconds']:>6.2f} s, {row['objects_per_second']:>6,.0f} objects/s; read "
            f"{row['read']:,} of {row['expected']:,}: duplicates {row['duplicates']}, missing "
            f"{row['missing']}, unexpected {row['unexpected']}, hidden {row['hidden_read']}; "
            f"each once: {'yes' if row['exact'] else 'NO'}"
        )


def print_conditional(conditional, hello):
    print()
    print("4. Conditional GET of the first page (limit 50) with If-None-Match")
    for name, row in conditional.items():
        full, cached = row["full"], row["not_modified"]
        print(
            f"   {name:<9} status {row['status']}: median {cached['median']:.2f} ms, p90 "
            f"{cached['p90']:.2f} ms (÷ hello {cached['median'] / hello:.1f}); the 200: median "
            f"{full['median']:.2f} ms"
        )
