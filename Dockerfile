# Monsoon: build the runnable jar, then run it on a plain JRE 17 as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY schemas schemas
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/monsoon monsoon \
    && mkdir -p /var/lib/monsoon && chown monsoon /var/lib/monsoon
COPY --from=build /src/target/monsoon.jar /opt/monsoon/monsoon.jar
USER monsoon
WORKDIR /var/lib/monsoon
ENV MONSOON_DATA_DIR=/var/lib/monsoon \
    MONSOON_HTTP_HOST=0.0.0.0
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/monsoon/monsoon.jar"]
CMD ["run"]
