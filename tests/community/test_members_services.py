"""community.services.members: profile writes, avatars, verified badges, closing accounts."""

from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from community.models import StakeholderType, User, Verification
from community.services import members as services
from tests.factories import MemberFactory, RegionFactory, StaffUserFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def picture_upload(*, size=(800, 600), kind="JPEG", name="photo.jpg", exif=None):
    buffer = BytesIO()
    mode = "RGBA" if kind == "PNG" else "RGB"
    extra = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, (200, 80, 40)).save(buffer, format=kind, **extra)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def profile(member, **changes):
    fields = {
        "display_name": "まちの声",
        "bio": "",
        "stakeholder_type": "",
        "prefecture": "",
        "region": None,
        "region_name": "",
        "stakeholder_type_public": False,
        "region_public": False,
        **changes,
    }
    return services.member_profile_update(member=member, **fields)


def test_profile_update_stores_normalised_fields():
    member = UserFactory()

    profile(
        member,
        display_name="  ＤＸ  推進\u3000ﾀﾛｳ ",
        bio="一行目\r\n二行目\n",
        stakeholder_type=StakeholderType.BUSINESS,
        prefecture="13",
        region_name="ＡＢＣ村",
        region_public=True,
    )

    member.refresh_from_db()
    assert member.display_name == "DX 推進 タロウ"
    assert member.bio == "一行目\n二行目"
    assert member.stakeholder_type == "business"
    assert (member.prefecture, member.region, member.region_name) == ("13", None, "ABC村")
    assert member.region_public is True
    assert member.stakeholder_type_public is False


def test_a_nickname_taken_since_the_form_was_checked_is_refused_by_the_service():
    MemberFactory(display_name="Machi")
    member = UserFactory(display_name="棚田の守り人")

    with pytest.raises(ValidationError) as error:
        profile(member, display_name="machi")

    assert error.value.message_dict["display_name"] == [
        "Another member uses this nickname. Choose a different one."
    ]
    member.refresh_from_db()
    assert member.display_name == "棚田の守り人"


def test_a_region_from_another_prefecture_is_refused():
    member = UserFactory()
    sapporo = RegionFactory(prefecture="01", name="札幌市")

    with pytest.raises(ValidationError) as error:
        profile(member, prefecture="13", region=sapporo)

    assert error.value.message_dict["region"] == [
        "札幌市 is not in the prefecture you chose. Choose a municipality in that prefecture, "
        "or type its name below."
    ]
    member.refresh_from_db()
    assert member.region is None


def test_a_typed_name_of_a_listed_region_links_to_that_region():
    member = UserFactory()
    region = RegionFactory(prefecture="26", name="京丹後市")

    profile(member, prefecture="26", region_name="京丹後市")

    member.refresh_from_db()
    assert member.region == region
    assert member.region_name == ""


def test_a_typed_region_needs_a_prefecture():
    with pytest.raises(ValidationError) as error:
        profile(UserFactory(), region_name="どこかの町")

    assert "prefecture" in error.value.message_dict


def test_choosing_and_typing_a_region_at_once_is_refused():
    region = RegionFactory(prefecture="01")

    with pytest.raises(ValidationError) as error:
        profile(UserFactory(), prefecture="01", region=region, region_name="別の町")

    assert error.value.message_dict["region_name"] == [
        "Choose a municipality from the list or type one, not both."
    ]


def test_an_avatar_is_cropped_to_a_256_pixel_square_jpeg_without_exif():
    member = UserFactory()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (35.0, 41.0, 0.0)}  # GPS latitude

    profile(member, avatar=picture_upload(size=(1200, 500), exif=exif.tobytes()))

    member.refresh_from_db()
    with member.avatar.open("rb") as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (256, 256)
        assert not picture.getexif()
    assert member.avatar.name.endswith(".jpg")


def test_a_transparent_png_avatar_is_flattened_onto_white():
    member = UserFactory()

    profile(member, avatar=picture_upload(kind="PNG", name="icon.png", size=(300, 300)))

    member.refresh_from_db()
    with member.avatar.open("rb") as stored, Image.open(stored) as picture:
        assert picture.mode == "RGB"


def test_replacing_or_removing_an_avatar_deletes_the_old_file(django_capture_on_commit_callbacks):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        profile(member, avatar=picture_upload())
    first = member.avatar.name
    storage = member.avatar.storage

    with django_capture_on_commit_callbacks(execute=True):
        profile(member, avatar=picture_upload(name="second.jpg"))
    assert not storage.exists(first)
    second = member.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        profile(member, avatar_remove=True)
    member.refresh_from_db()
    assert not member.avatar
    assert not storage.exists(second)


def test_an_unreadable_avatar_raises_a_field_error():
    upload = SimpleUploadedFile("photo.jpg", b"not a picture", content_type="image/jpeg")

    with pytest.raises(ValidationError) as error:
        profile(UserFactory(), avatar=upload)

    assert error.value.message_dict["avatar"] == [
        "This file could not be read as a picture. Choose a JPEG, PNG or WebP image."
    ]


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(monkeypatch):
    buffer = BytesIO()
    Image.new("1", (6300, 6300)).save(buffer, format="PNG", optimize=True)
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    member = UserFactory()

    def load_refused(picture):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load_refused)  # open() reads the header
    with pytest.raises(ValidationError) as error:
        profile(member, avatar=upload)

    assert error.value.message_dict["avatar"] == [
        "This picture is too large to process (6300 × 6300 pixels)."
    ]
    member.refresh_from_db()
    assert not member.avatar


def test_a_moderator_verifies_a_member_and_is_recorded():
    moderator = StaffUserFactory(groups=["Moderators"])
    member = MemberFactory()

    services.member_verify(member=member, moderator=moderator, verified_as=Verification.MUNICIPAL)

    member.refresh_from_db()
    assert member.verified_as == "municipal"
    assert member.verified_by == moderator
    assert member.verified_at is not None


def test_removing_a_badge_clears_who_and_when():
    moderator = StaffUserFactory(groups=["Moderators"])
    member = MemberFactory()
    services.member_verify(member=member, moderator=moderator, verified_as=Verification.BUSINESS)

    services.member_verify(member=member, moderator=moderator, verified_as="")

    member.refresh_from_db()
    assert (member.verified_as, member.verified_at, member.verified_by) == ("", None, None)


@pytest.mark.parametrize("group", [None, "Editors", "Analysts"])
def test_only_moderators_may_verify(group):
    someone = StaffUserFactory(groups=[group]) if group else UserFactory()
    member = MemberFactory()

    with pytest.raises(PermissionDenied):
        services.member_verify(member=member, moderator=someone, verified_as="municipal")

    member.refresh_from_db()
    assert member.verified_as == ""


def test_an_unknown_badge_is_refused():
    moderator = StaffUserFactory(groups=["Moderators"])

    with pytest.raises(ValidationError):
        services.member_verify(member=MemberFactory(), moderator=moderator, verified_as="mayor")


def test_member_delete_removes_the_account_and_its_addresses(django_capture_on_commit_callbacks):
    member = MemberFactory()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        profile(member, avatar=picture_upload())
    avatar, storage = member.avatar.name, member.avatar.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.member_delete(member=member)

    assert not User.objects.filter(email=member.email).exists()
    assert not EmailAddress.objects.filter(email=member.email).exists()
    assert not storage.exists(avatar)


@pytest.mark.parametrize(
    "staff", [{"groups": ["Editors"]}, {"is_superuser": True}, {"is_staff": True}]
)
def test_member_delete_refuses_staff_accounts(staff):
    user = StaffUserFactory(**staff)

    with pytest.raises(PermissionDenied) as error:
        services.member_delete(member=user)

    assert str(error.value) == (
        "Staff accounts cannot be deleted here: a superuser removes them in the admin."
    )
    assert User.objects.filter(pk=user.pk).exists()


def test_text_normalise_folds_widths_and_spaces():
    assert services.text_normalise(" ﾏｲﾅﾝﾊﾞｰ\u3000ＤＸ ") == "マイナンバー DX"
