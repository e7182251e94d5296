# syntax=docker/dockerfile:1
# One image for every role: `owl serve` (API + workers), `owl worker`, `owl worker --render-only`.
#   docker build -t renderowl .                                  # CPU image
#   docker build -t renderowl:gpu --build-arg BASE=nvidia .      # NVIDIA GPU render workers (h264_nvenc)
# The GPU variant runs on the CUDA base image; the NVIDIA container runtime mounts libcuda.so.1
# and libnvidia-encode into it at run time (NVIDIA_DRIVER_CAPABILITIES=video,compute,utility).
ARG BASE=cpu

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY workflows/pom.xml workflows/
COPY infra/pom.xml infra/
COPY activities/pom.xml activities/
COPY batch-jobs/pom.xml batch-jobs/
COPY api/pom.xml api/
COPY cli/pom.xml cli/
RUN ./mvnw -q -B dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl cli -am package \
 && cp cli/target/owl.jar /owl.jar

# Runtime bases: Temurin JRE on Ubuntu, or the CUDA runtime on Ubuntu with the same JRE copied in.
FROM eclipse-temurin:25-jre AS runtime-cpu
FROM nvidia/cuda:12.6.3-runtime-ubuntu24.04 AS runtime-nvidia
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH \
    NVIDIA_DRIVER_CAPABILITIES=video,compute,utility

FROM runtime-${BASE}
# espeak-ng speaks the offline voice-over; DejaVu is the captions' default font.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      espeak-ng fonts-dejavu-core ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 owl \
 && useradd --system --uid 10001 --gid owl --home-dir /var/lib/renderowl --create-home owl
COPY --from=build /owl.jar /opt/renderowl/owl.jar
ENV RENDEROWL_HOME=/var/lib/renderowl \
    RENDEROWL_LOG_FORMAT=json \
    RENDEROWL_MANAGEMENT_PORT=8081 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -Dorg.bytedeco.javacpp.cachedir=/var/lib/renderowl/javacpp"
USER 10001:10001
WORKDIR /var/lib/renderowl
EXPOSE 8080 8081
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", \
            "-jar", "/opt/renderowl/owl.jar"]
CMD ["serve"]
