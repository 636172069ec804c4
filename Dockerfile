# The relgraph command line, for the docker compose `loader` service.
FROM python:3.11-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY cypher ./cypher
RUN pip install --no-cache-dir .
COPY seed ./seed

ENTRYPOINT ["relgraph"]
CMD ["load", "seed/"]
