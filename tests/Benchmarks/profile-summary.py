#!/usr/bin/env python3
"""Summarises a dotnet-trace sampled-thread-time profile converted to speedscope JSON.

Only samples whose leaf is CPU_TIME count (managed code on a CPU); waits and unmanaged time are left out.
Prints the top frames by exclusive and inclusive share of that CPU time.

  dotnet-trace collect -p PID --profile dotnet-sampled-thread-time --duration 00:00:00:20 -o host.nettrace
  dotnet-trace convert host.nettrace --format speedscope -o host
  python3 tests/Benchmarks/profile-summary.py host.speedscope.json [N]
"""
import collections
import json
import sys


def main(path, top):
    data = json.load(open(path))
    frames = [f["name"].split("!", 1)[-1][:140] for f in data["shared"]["frames"]]
    exclusive, inclusive, busy = collections.Counter(), collections.Counter(), 0.0
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            at = event["at"]
            if last is not None and len(stack) > 1 and frames[stack[-1]] == "CPU_TIME":
                spent = at - last
                busy += spent
                exclusive[frames[stack[-2]]] += spent
                for name in {frames[i] for i in stack}:
                    inclusive[name] += spent
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
            last = at
    print(f"managed CPU sampled: {busy / 1000:.1f} s")
    print("--- exclusive")
    for name, spent in exclusive.most_common(top):
        print(f"{100 * spent / busy:5.1f}%  {name}")
    print("--- inclusive (application, Orleans, gRPC, protobuf frames)")
    shown = 0
    for name, spent in inclusive.most_common():
        if any(k in name for k in ("CityTwin", "Orleans", "Grpc", "Protobuf", "PollGC")):
            print(f"{100 * spent / busy:5.1f}%  {name}")
            shown += 1
            if shown == top:
                break


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30)
