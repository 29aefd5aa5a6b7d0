"""Library images, found by title or created from a picture."""

from io import BytesIO

from django.core.files.images import ImageFile
from wagtail.images.models import Image


def image_get_or_create(*, title, file_name, picture):
    """The library image titled `title`; if there is none, one is made from `picture()`, which
    returns (JPEG or PNG bytes, description used as alt text)."""
    image = Image.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image
    data, description = picture()
    image = Image(title=title, description=description)
    image.file = ImageFile(BytesIO(data), name=file_name)
    image._set_image_file_metadata()  # size and hash, as Wagtail's upload form sets them
    image.save()
    return image
