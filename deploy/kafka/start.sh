#!/bin/sh
# Starts one KRaft node (broker and controller) of the compose cluster, locked:
# - clients and brokers authenticate with SCRAM-SHA-512; controllers with SASL/PLAIN among themselves;
# - the StandardAuthorizer refuses everything no ACL grants (`monsoon acl` grants the region's ACLs);
# - the broker, controller and admin users are super users; `monsoon` is Monsoon's own principal.
# SCRAM users are written into the metadata log when the storage is first formatted. Passwords come
# from the environment (docker-compose reads them from .env; see deploy/README.md), never from this file.
set -eu
: "${NODE_ID:?}" "${CLUSTER_ID:?}" "${ADVERTISED_EXTERNAL:?}"
: "${KAFKA_BROKER_PASSWORD:?}" "${KAFKA_CONTROLLER_PASSWORD:?}" "${KAFKA_ADMIN_PASSWORD:?}" "${KAFKA_MONSOON_PASSWORD:?}"
CONF=/tmp/server.properties
DATA=/var/lib/kafka/data
umask 077
cat > "$CONF" <<PROPERTIES
node.id=$NODE_ID
process.roles=broker,controller
controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
listeners=INTERNAL://:29092,EXTERNAL://:9092,CONTROLLER://:9093
advertised.listeners=INTERNAL://kafka-$NODE_ID:29092,EXTERNAL://$ADVERTISED_EXTERNAL
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$KAFKA_CONTROLLER_PASSWORD" user_controller="$KAFKA_CONTROLLER_PASSWORD";
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="$KAFKA_BROKER_PASSWORD";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:broker;User:controller;User:admin
log.dirs=$DATA
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES
# The admin's client settings, for the health check and for operators (`--command-config`).
cat > /tmp/admin.properties <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
PROPERTIES
if [ ! -f "$DATA/meta.properties" ]; then
  /opt/kafka/bin/kafka-storage.sh format --config "$CONF" --cluster-id "$CLUSTER_ID" \
    --add-scram "SCRAM-SHA-512=[name=broker,password=$KAFKA_BROKER_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=monsoon,password=$KAFKA_MONSOON_PASSWORD]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$CONF"
