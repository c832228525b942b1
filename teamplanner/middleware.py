from django.shortcuts import render

from .exceptions import ApplicationError


class ApplicationErrorMiddleware:
    """Pages that raise ApplicationError show its message instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ApplicationError) and not request.path.startswith("/api/"):
            template = "partials/error.html" if getattr(request, "htmx", False) else "error.html"
            return render(request, template, {"message": exception.message}, status=exception.status_code)
        return None
