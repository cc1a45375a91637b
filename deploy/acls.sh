#!/usr/bin/env bash
# Creates the region's ACLs and per-CERT produce quotas (see `monsoon acl --help`).
# Run it as an operator principal: put its credentials in a properties file as kafka.* keys, e.g.
#   kafka.security.protocol=SASL_SSL
#   kafka.sasl.mechanism=SCRAM-SHA-512
#   kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="...";
# and pass it with --config. Each CERT principal may then write only monsoon.reports.<cc>.
set -euo pipefail
JAR=${MONSOON_JAR:-target/monsoon.jar}
exec java -jar "$JAR" acl \
  --cert BN=User:cert-bn,KH=User:cert-kh,ID=User:cert-id,LA=User:cert-la,MY=User:cert-my,MM=User:cert-mm \
  --cert PH=User:cert-ph,SG=User:cert-sg,TH=User:cert-th,TL=User:cert-tl,VN=User:cert-vn \
  --analysts User:analysts --monsoon-principal User:monsoon --produce-quota 1048576 "$@"
