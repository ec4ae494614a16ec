"""The original tool's loading rules, applied by Python itself (its csv, int, float, json and sum).

Usage: original_tool_rules.py workload FILE
       original_tool_rules.py placement NODES GPUS_PER_NODE FILE
Exit 0: the original tool would load FILE; 1: it would refuse it (the rule is printed); 2: usage.
List fields are read with json.loads, never eval. The rule numbers are those of OriginalToolRules.cs.
"""
import csv
import json
import math
import sys

CATALOG = {
    "Bert_125M": {
        "Bert_125M_1_device": [(1, 1)],
        "Bert_125M_2_device_intra": [(1, 2)],
        "Bert_125M_2_device_inter": [(1, 1), (1, 1)],
    },
    "Bert_2.6B": {
        "Bert_2.6B_1_device": [(1, 1)],
        "Bert_2.6B_2_device_intra": [(1, 2)],
        "Bert_2.6B_2_device_inter": [(1, 1), (1, 1)],
        "Bert_2.6B_4_device_inter": [(1, 1)] * 4,
    },
}


def finite(text):
    value = float(text)
    assert math.isfinite(value), f"not finite: {text!r}"
    return value


def number_list(text, rule):
    values = json.loads(text)
    assert isinstance(values, list) and all(isinstance(v, (int, float)) for v in values), f"{rule}: {text!r}"
    return values


def check_workload(path):
    with open(path, "r", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert len(header) == 6, f"W1: {len(header)} header fields"
        model_num = int(header[0])
        rate = finite(header[1])
        assert rate > 0, f"W3: total_rate_hz {rate}"
        proportions = number_list(header[2], "W4")
        assert len(proportions) == model_num and sum(proportions) == 1, f"W4: {proportions!r} sum {sum(proportions)!r}"
        duration = finite(header[3])
        assert duration > 0, f"W5: duration {duration}"
        slos = number_list(header[4], "W6")
        assert len(slos) == model_num, f"W6: {slos!r}"
        previous = -math.inf
        for model_id, arrival in reader:
            model_id, arrival = int(model_id), finite(arrival)
            assert 0 <= model_id < model_num, f"W8: model id {model_id}"
            assert arrival >= previous, f"W9: arrival {arrival} after {previous}"
            previous = arrival


def check_placement(path, nodes, gpus):
    with open(path, "r") as f:
        placements = json.load(f)
    assert isinstance(placements, list), "P1: not a list"
    for p in placements:
        assert isinstance(p, dict), "P1: an element is not an object"
        for key in ("service_name", "model_name", "executable_name"):
            assert isinstance(p[key], str), f"P2: {key}"
        shapes = []
        for mesh in p["mesh_group"]:
            node_ids, devices = mesh["node_ids"], mesh["devices"]
            assert len(node_ids) == len(devices) > 0, "P3: node_ids and devices differ in length"
            for node, gpu_ids in zip(node_ids, devices):
                assert isinstance(node, int) and 0 <= node < nodes, f"P4: node {node}"
                assert all(isinstance(g, int) and 0 <= g < gpus for g in gpu_ids), f"P4: GPUs {gpu_ids}"
            shapes.append((len(node_ids), len(devices[0])))
        stages = CATALOG[p["model_name"]][p["executable_name"]]
        assert stages == shapes, f"P5: shapes {shapes} are not {stages}"


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == "workload":
            check_workload(argv[2])
        elif len(argv) == 5 and argv[1] == "placement":
            check_placement(argv[4], int(argv[2]), int(argv[3]))
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (AssertionError, ValueError, KeyError, IndexError, TypeError, StopIteration) as e:
        print(f"{type(e).__name__}: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
