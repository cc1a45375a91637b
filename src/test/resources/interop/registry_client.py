"""Drives Monsoon's embedded registry with confluent-kafka's SchemaRegistryClient (a client nobody
here wrote). Usage: registry_client.py URL SUBJECT USER:PASSWORD. Prints one JSON object with what
it saw: first as an anonymous client (whose write must be refused), then with the credential."""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

url, subject, user_info = sys.argv[1], sys.argv[2], sys.argv[3]
schema_str = json.dumps({
    "type": "record", "name": "Sighting", "namespace": "interop",
    "fields": [{"name": "value", "type": "string"}, {"name": "count", "type": "int", "default": 0}],
})
try:
    SchemaRegistryClient({"url": url}).register_schema(subject, Schema(schema_str, "AVRO"))
    anonymous = {"status": 200, "error_code": 0}
except SchemaRegistryError as e:
    anonymous = {"status": e.http_status_code, "error_code": e.error_code}
client = SchemaRegistryClient({"url": url, "basic.auth.user.info": user_info})
schema_id = client.register_schema(subject, Schema(schema_str, "AVRO"))
again = client.register_schema(subject, Schema(schema_str, "AVRO"))
by_id = client.get_schema(schema_id)
latest = client.get_latest_version(subject)
looked_up = client.lookup_schema(subject, Schema(schema_str, "AVRO"))
print(json.dumps({
    "anonymous_register": anonymous,
    "id": schema_id,
    "idempotent": again == schema_id,
    "by_id_type": by_id.schema_type,
    "by_id_has_field": "count" in by_id.schema_str,
    "latest_id": latest.schema_id,
    "latest_version": latest.version,
    "latest_subject": latest.subject,
    "lookup_version": looked_up.version,
    "subjects": client.get_subjects(),
}))
