# The dlsim image for sweeps on Kubernetes (`dlsim sweep k8s --image ...`): dlsim published by `dotnet publish` (one
# self-contained file, docs/install.md), its entry point the published dlsim, its working folder /data (where the
# sweep's volume is mounted).
# Build: docker build -t dlsim .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/DlSim.Cli/DlSim.Cli.csproj -c Release -o /app

# Self-contained: the image needs the runtime's native dependencies only, not .NET itself.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
# Plots draw their text with DejaVu Sans.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
WORKDIR /data
ENTRYPOINT ["/app/dlsim"]
