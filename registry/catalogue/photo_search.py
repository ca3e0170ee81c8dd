"""Search by photograph: a person uploads an image, the public objects whose
photographs are closest are listed with the distance. The image is read into
memory, hashed and dropped: it is never written to disk, to the media storage or
to the database (the upload handler below keeps it in memory whatever its size,
where Django would spill a large upload to a temporary file)."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import (
    FileUploadHandler,
    StopUpload,
)
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from registry.media.perceptual import MAX_DISTANCE, closest_objects, query_hashes


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Every uploaded file kept in memory, refused beyond IMAGE_MAX_BYTES."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if self.buffer.tell() + len(raw_data) > settings.IMAGE_MAX_BYTES:
            raise StopUpload(connection_reset=True)
        self.buffer.write(raw_data)

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


@csrf_exempt
def search_by_photograph(request):
    # The upload handlers must be set before the body is read, so before the
    # CSRF check reads it: csrf_exempt outside, csrf_protect inside (Django's
    # documented pattern).
    if request.method == "POST":
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
    return _search(request)


@csrf_protect
def _search(request):
    context = {"max_distance": MAX_DISTANCE}
    if request.method == "POST":
        upload = request.FILES.get("photograph")
        if upload is None:
            context["error"] = _("Choose an image to search with.")
        else:
            try:
                hashes = query_hashes(upload)
            except ValidationError as error:
                context["error"] = " ".join(error.messages)
            else:
                context["matches"] = closest_objects(hashes)
                context["searched"] = True
            finally:
                upload.close()
    status = 400 if "error" in context else 200
    return render(request, "registry/photo_search.html", context, status=status)
