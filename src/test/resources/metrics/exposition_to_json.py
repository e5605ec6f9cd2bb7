# Reads a Prometheus text exposition on stdin with the Prometheus project's own Python parser
# (prometheus_client.parser, Debian's python3-prometheus-client) and prints every sample as JSON, for the Java tests
# (dev.switchboard.metrics.PrometheusText). A text the parser rejects exits 1 with its error on stderr.
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(value):
    # JSON has no infinities: say them as strings, which the Java side reads back.
    if math.isinf(value) or math.isnan(value):
        return str(value)
    return value


samples = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        samples.append({"family": family.name, "type": family.type, "help": family.documentation,
                        "name": sample.name, "labels": sample.labels, "value": number(sample.value)})
json.dump(samples, sys.stdout)
