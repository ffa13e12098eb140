"""Start moto_server with a base-table Query that reads only its own partition.

moto 5.2.1 answers every base-table Query by sorting the whole table (Table.all_items(), with Python-level
comparisons of DynamoType keys) and then keeping the items of one partition. A Query therefore costs
O(n log n) in the table's size: about 170 ms at 30,000 items on this machine. Ingest makes one Query per object
(the previous-version look-up), so a 10,000-event burst on plain moto is quadratic and runs for hours.

This launcher changes only where that Query looks: while a base-table Query runs, Table.all_items() returns the
items of the queried partition, sorted the way the original sorts them. Every other path (index queries, Scan,
PartiQL, export) keeps the original. The Query's result is the same: the original keeps exactly the items whose
hash key equals the queried one, and then sorts them by range key.

scripts/bench uses it (MOTO_SERVER_COMMAND) for the sections that count work against moto; the tests use plain
moto_server. Usage:
  python3 scripts/lib/moto_partitioned_query.py [moto_server options]
  python3 scripts/lib/moto_partitioned_query.py --self-check   (plain and patched moto answer 120 random queries,
                                                                page by page, the same way; exit 1 otherwise)
"""

import sys
import threading

from moto.dynamodb.models.table import Table

_queried = threading.local()
_all_items = Table.all_items
_query = Table.query


def _partition_items(self):
    hash_key = getattr(_queried, "hash_key", None)
    if hash_key is None:
        return _all_items(self)
    partition = self.items.get(hash_key)
    if partition is None:
        return []
    items = list(partition.values()) if self.range_key_attr else [partition]
    return sorted(items, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)


def _query_one_partition(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                         scan_index_forward, projection_expressions, index_name=None, *args, **kwargs):
    if index_name or hash_key is None:
        return _query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                      scan_index_forward, projection_expressions, index_name, *args, **kwargs)
    _queried.hash_key = hash_key
    try:
        return _query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                      scan_index_forward, projection_expressions, index_name, *args, **kwargs)
    finally:
        _queried.hash_key = None


def _install(patched):
    Table.all_items = _partition_items if patched else _all_items
    Table.query = _query_one_partition if patched else _query


def self_check():
    """Ask plain and patched moto the same queries on one table; exit 1 on the first difference."""
    import random

    import boto3
    from moto import mock_aws

    rng = random.Random(13)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="check",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "g")],
            GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                                                    {"AttributeName": "sk", "KeyType": "RANGE"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            BillingMode="PAY_PER_REQUEST")
        for i in range(800):
            item = {"pk": {"S": f"p#{rng.randrange(20)}"}, "sk": {"S": f"s#{rng.randrange(10**6):06d}"},
                    "n": {"N": str(rng.randrange(100))}}
            if rng.random() < 0.5:
                item["g"] = {"S": f"g#{rng.randrange(5)}"}
            client.put_item(TableName="check", Item=item)

        def pages(request):
            answers, start = [], None
            while True:
                page = client.query(**request, **({"ExclusiveStartKey": start} if start else {}))
                answers.append((page["Items"], page.get("LastEvaluatedKey"), page["Count"], page["ScannedCount"]))
                start = page.get("LastEvaluatedKey")
                if not start:
                    return answers

        requests = []
        for _ in range(120):
            index = rng.random() < 0.2
            request = {"TableName": "check", "ScanIndexForward": rng.random() < 0.5,
                       "KeyConditionExpression": "g = :h" if index else "pk = :h",
                       "ExpressionAttributeValues": {":h": {"S": f"g#{rng.randrange(6)}" if index
                                                           else f"p#{rng.randrange(22)}"}}}
            if index:
                request["IndexName"] = "gsi"
            if rng.random() < 0.5:
                request["Limit"] = rng.randrange(1, 40)
            if rng.random() < 0.4:
                request["KeyConditionExpression"] += " AND sk > :s"
                request["ExpressionAttributeValues"][":s"] = {"S": f"s#{rng.randrange(10**6):06d}"}
            if rng.random() < 0.3:
                request["FilterExpression"] = "n < :n"
                request["ExpressionAttributeValues"][":n"] = {"N": str(rng.randrange(100))}
            requests.append(request)
        for request in requests:
            _install(False)
            plain = pages(request)
            _install(True)
            patched = pages(request)
            if plain != patched:
                print(f"moto_partitioned_query: a different answer to {request}", file=sys.stderr)
                return 1
        print(f"moto_partitioned_query: {len(requests)} queries (with every page) answered as plain moto does")
        return 0


_install(True)

if __name__ == "__main__":
    if sys.argv[1:] == ["--self-check"]:
        sys.exit(self_check())
    from moto.server import main

    sys.exit(main(sys.argv[1:]))
