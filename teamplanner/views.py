from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader


def _wants_json(request):
    return request.path.startswith("/api/")


def _error(request, status, title, message):
    if _wants_json(request):
        return JsonResponse({"message": message, "errors": {}}, status=status)
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def not_found(request, exception=None):
    return _error(request, 404, "Not found", "There is nothing here, or you do not have access to it.")


def server_error(request):
    message = "The error has been logged. Please try again in a moment."
    if _wants_json(request):
        return JsonResponse({"message": message, "errors": {}}, status=500)
    # No request context: the failure may be in what the context processors need.
    html = loader.get_template("500.html").render({"message": message})
    return HttpResponseServerError(html)


def forbidden(request, exception=None):
    return _error(request, 403, "Not allowed", "You are not allowed to do this.")


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request", "The request could not be understood.")


def too_many_requests(request, message: str, retry_after: int):
    response = _error(request, 429, "Too many attempts", message)
    response["Retry-After"] = str(retry_after)
    return response
