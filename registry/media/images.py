"""Photographs as evidence: only real images; the original kept, clean copies served.

- ``inspect(file)`` decodes the upload (never trusting its name or extension) and
  refuses, with a message a curator understands, anything that is not a complete
  JPEG, PNG, WebP or TIFF image within the size limits: a text file, a truncated or
  corrupt file, a decompression bomb, an oversize file. It returns what curators
  need to know about the original: its SHA-256, format, size and metadata (EXIF, GPS).
- ``make_renditions(file)`` re-encodes the image for the public: orientation applied,
  every EXIF/XMP/GPS tag and comment dropped, in web sizes.

The original is stored privately and never served to the public; renditions are
served only through the catalogue's media view, which applies the visibility rules.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "TIFF", "MPO"}
RENDITIONS = {"thumbnail": 320, "medium": 1024, "large": 2048}


@dataclass
class Inspection:
    sha256: str
    format: str
    width: int
    height: int
    size: int
    metadata: dict = field(default_factory=dict)


def _limits():
    return settings.IMAGE_MAX_BYTES, settings.IMAGE_MAX_PIXELS


def _read(file):
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _metadata(image):
    """EXIF (with GPS) as plain text values, for curators only."""
    exif = image.getexif()
    result = {}
    for tag, value in exif.items():
        result[ExifTags.TAGS.get(tag, str(tag))] = _plain(value)
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if gps:
        result["GPSInfo"] = {
            ExifTags.GPSTAGS.get(k, str(k)): _plain(v) for k, v in gps.items()
        }
    if "xmp" in image.info or "XML:com.adobe.xmp" in image.info:
        result["XMP"] = True
    return result


def _plain(value):
    if isinstance(value, bytes):
        return value[:64].hex()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def inspect(file):
    """Decode ``file`` fully and describe it, or raise ValidationError."""
    max_bytes, max_pixels = _limits()
    size = getattr(file, "size", None)
    if size is None:
        size = len(_read(file))
    if size > max_bytes:
        raise ValidationError(
            _("This file is %(size)d MB; the limit is %(limit)d MB."),
            code="too_large",
            params={"size": size // 2**20, "limit": max_bytes // 2**20},
        )
    data = _read(file)
    try:
        with warnings.catch_warnings():
            # A decompression bomb is an error here, not a warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _(
                            "%(format)s images are not accepted: "
                            "use JPEG, PNG, WebP or TIFF."
                        ),
                        code="format",
                        params={"format": probe.format},
                    )
                if probe.width * probe.height > max_pixels:
                    raise ValidationError(
                        _(
                            "This image has %(pixels)d million pixels; "
                            "the limit is %(limit)d million."
                        ),
                        code="too_many_pixels",
                        params={
                            "pixels": probe.width * probe.height // 10**6,
                            "limit": max_pixels // 10**6,
                        },
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # a truncated file fails here
                return Inspection(
                    sha256=hashlib.sha256(data).hexdigest(),
                    format=image.format,
                    width=image.width,
                    height=image.height,
                    size=size,
                    metadata=_metadata(image),
                )
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image would expand to too many pixels (a decompression bomb)."),
            code="bomb",
        ) from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            _("This file is not an image (or not one the registry can read)."),
            code="not_an_image",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This image is damaged or incomplete and cannot be read."), code="corrupt"
        ) from error


def make_renditions(file):
    """{size name: JPEG bytes}: upright, metadata-free copies, never upscaled."""
    data = _read(file)
    renditions = {}
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        upright = ImageOps.exif_transpose(image)
        if upright.mode not in ("RGB", "L"):
            background = Image.new("RGB", upright.size, "white")
            converted = upright.convert("RGBA")
            background.paste(converted, mask=converted.getchannel("A"))
            upright = background
        for name, longest in RENDITIONS.items():
            copy = upright.copy()
            copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
            # Start from the pixels only: no EXIF, GPS, XMP, comments or profiles.
            clean = Image.new(copy.mode, copy.size)
            clean.paste(copy)
            out = io.BytesIO()
            clean.save(out, "JPEG", quality=85, optimize=True, progressive=True)
            renditions[name] = out.getvalue()
    return renditions
