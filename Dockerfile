# Production image: the same commands as bin/run, with settings from the environment.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY teamplanner ./teamplanner
COPY orgs ./orgs
COPY roles ./roles
COPY assessments ./assessments
COPY planning ./planning
RUN pip install .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --create-home teamplanner && chown -R teamplanner /app
USER teamplanner
EXPOSE 8000
CMD ["gunicorn", "teamplanner.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
