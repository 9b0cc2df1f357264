#!/usr/bin/env bash
# Messages that failed all their retries wait in the consumer's "<queue>_error" queue.
#   ./eng/errors.sh list                 error queues that hold messages
#   ./eng/errors.sh replay <queue>_error move them back to <queue>, to be consumed again
# Uses the RabbitMQ management API of the local platform (RABBITMQ_MANAGEMENT, default
# http://127.0.0.1:15679, guest/guest on loopback). The move is a RabbitMQ shovel that deletes
# itself once the error queue is empty; consumers' inboxes make a replay safe to repeat.
set -euo pipefail
api=${RABBITMQ_MANAGEMENT:-http://127.0.0.1:15679}/api
auth=(-u guest:guest -s --fail-with-body)
case "${1:-}" in
  list)
    curl "${auth[@]}" "$api/queues/%2F?columns=name,messages" | python3 -c '
import json, sys
rows = [q for q in json.load(sys.stdin) if q["name"].endswith("_error") and q.get("messages", 0) > 0]
print("\n".join("%6d  %s" % (q["messages"], q["name"]) for q in rows) or "no failed messages")'
    ;;
  replay)
    source=${2:?usage: errors.sh replay <queue>_error}
    [[ "$source" == *_error ]] || { echo "$source is not an _error queue" >&2; exit 2; }
    target=${source%_error}
    curl "${auth[@]}" -X PUT -H 'content-type: application/json' "$api/parameters/shovel/%2F/replay-$source" -d "{
      \"value\": {\"src-protocol\": \"amqp091\", \"src-uri\": \"amqp://\", \"src-queue\": \"$source\",
                \"dest-protocol\": \"amqp091\", \"dest-uri\": \"amqp://\", \"dest-queue\": \"$target\",
                \"src-delete-after\": \"queue-length\"}}" >/dev/null
    echo "replaying $source -> $target"
    ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
