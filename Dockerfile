# intkb serve in a container: a static binary on an image with no shell,
# run as a user that is not root, serving a site it cannot change.
#
#   docker build -t intkb .
#   docker run --rm --read-only --tmpfs /tmp -p 127.0.0.1:1313:1313 intkb
#
# serves the demo at http://127.0.0.1:1313/. To serve your own site,
# mount its folder over /site, read-only, and give the address readers
# use (behind a reverse proxy: deploy/nginx-proxy.conf):
#
#   docker run -d --read-only --tmpfs /tmp -p 127.0.0.1:1313:1313 \
#     -v "$PWD:/site:ro" intkb serve --source /site --addr 0.0.0.0:1313 \
#     --no-watch --base-url https://intranet.moorvale-icb.nhs.uk/neighbourhoods/
#
# intkb serve builds the site into /tmp when it starts, so /tmp must be
# writable (--tmpfs /tmp with --read-only). podman builds it the same
# way. release/container_test.go checks this file.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The release tool builds the binary with the flags of every release:
# static (CGO_ENABLED=0), -trimpath, the commit from .git, -s -w.
RUN go run ./release -binary /out/intkb
# The demo site: its settings and pages; the layouts are in the binary.
RUN mkdir -p /out/site && cp -r site.toml content /out/site/

# distroless/static: CA certificates, /tmp and a nonroot user, no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/intkb /intkb
COPY --from=build /out/site /site
USER 65532:65532
EXPOSE 1313
# No shell or curl here: intkb asks itself.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["/intkb", "health", "http://127.0.0.1:1313/"]
ENTRYPOINT ["/intkb"]
CMD ["serve", "--source", "/site", "--addr", "0.0.0.0:1313", "--no-watch"]
