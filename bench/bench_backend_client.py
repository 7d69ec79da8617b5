"""Client overhead of the openai backend: completions/s it drives on one core against a
zero-latency loopback server, next to a plain ``openai.AsyncOpenAI`` loop doing the same requests.

The server (aiohttp, canned answers, in its own process on another core) answers as fast as it
can, so what limits the client is its own CPU; ``per core`` is requests / client CPU seconds::

    python bench/bench_backend_client.py --requests 5000 --concurrency 64
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import socket
import sys
import time

ANSWER = {"id": "cmpl-0", "object": "chat.completion", "created": 0, "model": "bench-model",
          "choices": [{"index": 0, "message": {"role": "assistant", "content": "def f():\n    return 1\n"},
                       "finish_reason": "stop", "logprobs": None}],
          "usage": {"prompt_tokens": 10, "completion_tokens": 8, "total_tokens": 18}}


def serve(port: int, cpu: int | None) -> None:
    from aiohttp import web

    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    body = json.dumps(ANSWER).encode()

    async def chat(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def measure(name: str, one, requests: int) -> dict:
    await asyncio.gather(*(one(i) for i in range(min(200, requests))))  # warm connections
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(i) for i in range(requests)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"client": name, "requests": requests, "per_s_wall": requests / wall, "per_s_per_core": requests / cpu,
            "client_cpu_us_per_request": cpu / requests * 1e6}


async def synthcode_client(url: str, args: argparse.Namespace) -> dict:
    from synthcode.generate.backends import ModelConfig, Request, build_backend

    backend = build_backend(ModelConfig(model="bench-model", endpoints=[url], concurrency=args.concurrency))

    async def one(i: int) -> None:
        completion = await backend.complete(Request(messages=(("user", f"problem {i}"),), max_tokens=256))
        assert completion.texts

    try:
        return await measure("synthcode openai backend", one, args.requests)
    finally:
        await backend.aclose()


async def openai_client(url: str, args: argparse.Namespace) -> dict:
    import openai

    client = openai.AsyncOpenAI(base_url=url, api_key="EMPTY", max_retries=0)
    semaphore = asyncio.Semaphore(args.concurrency)

    async def one(i: int) -> None:
        async with semaphore:
            response = await client.chat.completions.create(
                model="bench-model", messages=[{"role": "user", "content": f"problem {i}"}], max_tokens=256)
        assert response.choices[0].message.content

    try:
        return await measure(f"openai.AsyncOpenAI {openai.__version__}", one, args.requests)
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0))
    client_cpu, server_cpu = cpus[0], (cpus[1] if len(cpus) > 1 else None)
    port = free_port()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(port, server_cpu), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    os.sched_setaffinity(0, {client_cpu})
    results = [asyncio.run(synthcode_client(url, args))]
    try:
        results.append(asyncio.run(openai_client(url, args)))
    except ImportError:
        print("openai is not installed (pip install openai): no comparison", file=sys.stderr)
    server.kill()
    print(f"# {platform.python_version()}, {args.requests} chat requests, concurrency {args.concurrency}, "
          f"client pinned to CPU {client_cpu}, load average {os.getloadavg()[0]:.1f}")
    for r in results:
        print(f"{r['client']:<40} {r['per_s_wall']:8.0f}/s wall  {r['per_s_per_core']:8.0f}/s per client core  "
              f"{r['client_cpu_us_per_request']:6.0f} us CPU/request")


if __name__ == "__main__":
    main()
