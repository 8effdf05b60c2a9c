"""Section 4: typed decoding and serialization of large responses, against ``json.loads``.

Every layer decodes the same bytes; every run measures all layers back to back and each
ratio is taken against the floor of that same run.  "ours, default path" is what a user
of the generated client gets from ``sync_detailed`` (the response bytes come from an
``httpx.MockTransport``, so no network is timed).  Serialization is ``json.dumps(model.to_dict())``
against ``json.dumps`` of the plain data.  "Round trip" says whether encoding the decoded
object gives back exactly the data that was decoded (extra fields, date-time spellings,
big integers, union branches included): a fast layer that loses any of them does not
meet the runtime's requirements.
"""

from __future__ import annotations

import gc
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bench import anchors, samples
from bench.clients import endpoint_module, import_vendor, make_client, model_class
from bench.context import Context, error_text, heading
from bench.profiles import top
from bench.stats import Series, ratios, table, timed, timed_gc

TARGET = 2.0
"""Issue 8's target, both ways (kept for the record: issue 14's are below)."""
TARGETS = {
    "ours, default path": ("typed page returned", 1.5, 1.5),
    "ours, every documented field read once": ("every documented field read once", 2.5, None),
    "pydantic (validate_json/dump_json)": ("pydantic model_validate_json", 3.0, None),
}
"""Issue 14: (what, decode ratio, encode ratio) each layer must stay within."""
CALL_ARGS: dict[str, dict[str, Any]] = {"paxos": {}, "formance": {"instance_id": "wf-1", "number": 3}}
JSON_HEADERS = {"Content-Type": "application/json"}


@dataclass
class Layer:
    name: str
    decode: Callable[[bytes], Any]
    encode: Callable[[Any], Any] | None = None
    plain: Callable[[Any], Any] | None = None
    """The decoded object back as JSON data, for the round-trip check."""


def first_difference(a: Any, b: Any, at: str = "") -> str | None:
    """JSON pointer and values of the first place ``a`` and ``b`` differ (None when equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys(), key=str):
            if key not in a or key not in b:
                return f"{at}/{key}: {'missing' if key not in a else 'added'}"
            found = first_difference(a[key], b[key], f"{at}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{at}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{at}/{i}")
            if found:
                return found
        return None
    if a != b or type(a) is not type(b):
        return f"{at or '/'}: {json.dumps(a)[:60]} != {json.dumps(b)[:60]}"
    return None


DEFAULT_PATH = "sync_detailed() over httpx.MockTransport"


def ours_default(payload: samples.Payload, **options: Any) -> Callable[[bytes], Any]:
    """The generated client's own path: ``sync_detailed`` against a transport that answers
    with the payload's bytes (so no network is timed), checked to return the response model;
    ``options`` are the call's ``request_options`` (``strict=True``)."""
    module = endpoint_module(payload.slug, payload.operation)
    model = model_class(payload.slug, payload.schema)
    transport = httpx.MockTransport(lambda _request: httpx.Response(200, content=payload.body, headers=JSON_HEADERS))
    client = make_client(payload.slug, transport=transport)
    args = {**CALL_ARGS[payload.slug], **({"request_options": options} if options else {})}

    def via_call(_body: bytes) -> Any:
        return module.sync_detailed(client=client, **args).parsed

    parsed = via_call(payload.body)
    if not isinstance(parsed, model):
        raise RuntimeError(f"sync_detailed().parsed is a {type(parsed).__name__}, not {payload.schema}")
    return via_call


def layers(
    payload: samples.Payload, folder_ready: bool, folder_errors: dict[str, str]
) -> tuple[list[Layer], list[str]]:
    notes: list[str] = []
    out = [Layer("floor: json.loads / json.dumps", json.loads, json.dumps, lambda data: data)]
    decode = ours_default(payload)
    model = model_class(payload.slug, payload.schema)
    out.append(Layer("ours, default path", decode, lambda obj: json.dumps(obj.to_dict()), lambda obj: obj.to_dict()))
    read_all = field_reader(payload.slug)
    out.append(
        Layer(
            "ours, every documented field read once",
            lambda body: read_all(decode(body)),
            lambda obj: json.dumps(obj.to_dict()),
            lambda obj: obj.to_dict(),
        )
    )
    strict = ours_default(payload, strict=True)
    out.append(Layer("ours, strict=True (all checked up front)", strict, lambda obj: json.dumps(obj.to_dict())))
    out.append(Layer("  what-if: same with cyclic GC paused", _gc_paused(decode)))
    out.append(Layer("ours, Model.from_dict only", lambda body: model.from_dict(json.loads(body))))
    stock_name = f"stock_{payload.slug}_client"
    if folder_ready and stock_name not in folder_errors:
        stock = getattr(anchors.load(f"{stock_name}.models"), payload.schema)
        out.append(
            Layer(
                "stock openapi-python-client",
                lambda body: stock.from_dict(json.loads(body)),
                lambda obj: json.dumps(obj.to_dict()),
                lambda obj: obj.to_dict(),
            )
        )
    else:
        notes.append(f"stock anchor unavailable: {folder_errors.get(stock_name, 'not generated')}")
    pydantic_model = getattr(
        importlib.import_module(f"{import_vendor(payload.slug).__name__}.pydantic_models"), payload.schema
    )
    out.append(
        Layer(
            "pydantic (validate_json/dump_json)",
            pydantic_model.model_validate_json,
            lambda obj: obj.model_dump_json(by_alias=True, exclude_unset=True),
            lambda obj: json.loads(obj.model_dump_json(by_alias=True, exclude_unset=True)),
        )
    )
    msgspec_name = f"msgspec_{payload.slug}"
    if folder_ready and msgspec_name not in folder_errors:
        import msgspec  # a dev dependency, only for this anchor

        struct = getattr(anchors.load(msgspec_name), payload.schema)
        decoder, encoder = msgspec.json.Decoder(struct), msgspec.json.Encoder()
        out.append(Layer("msgspec Struct", decoder.decode, encoder.encode, lambda obj: json.loads(encoder.encode(obj))))
    else:
        notes.append(f"msgspec anchor unavailable: {folder_errors.get(msgspec_name, 'not generated')}")
    return out, notes


def field_reader(slug: str) -> Callable[[Any], Any]:
    """Reads every documented field of every model in a value, once, as a user's loop would
    (``item.id``, ``item.status`` ...), and returns the value."""
    model_base = importlib.import_module(f"{import_vendor(slug).__name__}._runtime._model").Model
    names: dict[type, tuple[str, ...]] = {}

    def read(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                read(item)
        elif isinstance(value, model_base):
            cls = type(value)
            fields = names.get(cls)
            if fields is None:
                fields = names[cls] = tuple(f.name for f in cls._fields_)
            for name in fields:
                read(getattr(value, name))

    def read_all(value: Any) -> Any:
        read(value)
        return value

    return read_all


def measure(ctx: Context, payload: samples.Payload, all_layers: list[Layer], runs: int) -> dict[str, Any]:
    """Each run: every layer decodes (timed), encodes what it decoded (timed), then drops it.

    Only one decoded object graph is alive at a time, so no layer's cyclic-GC passes walk
    another layer's objects; the GC column is the part of the decode spent in those passes.
    """
    names = [layer.name for layer in all_layers]
    dec, enc, gcs = ({n: Series() for n in names} for _ in range(3))
    exactness: dict[str, str] = {}
    for i in range(ctx.warmup + runs):
        for layer in all_layers:
            seconds, in_gc, decoded = timed_gc(_bind(layer.decode, payload.body))
            encode_seconds = timed(_bind(layer.encode, decoded)) if layer.encode else None
            if layer.name not in exactness:
                exactness[layer.name] = _exactness(layer, payload, decoded)
            del decoded
            if i >= ctx.warmup:
                dec[layer.name].add(seconds)
                gcs[layer.name].add(in_gc)
                if encode_seconds is not None:
                    enc[layer.name].add(encode_seconds)
    floor = names[0]
    rows, result = [], {}
    for name in names:
        d_ratio = ratios(dec[name], dec[floor])
        e_ratio = ratios(enc[name], enc[floor]) if enc[name].runs else Series("x")
        rows.append(
            [
                name,
                _ms(dec[name]),
                d_ratio.show(2),
                f"{gcs[name].median * 1e3:.0f}",
                _ms(enc[name]) if enc[name].runs else "",
                e_ratio.show(2) if e_ratio.runs else "",
                exactness[name][:60],
            ]
        )
        result[name] = {
            "decode_seconds": dec[name].as_json(),
            "decode_ratio": d_ratio.as_json(),
            "decode_gc_seconds": gcs[name].as_json(),
            "encode_seconds": enc[name].as_json() if enc[name].runs else None,
            "encode_ratio": e_ratio.as_json() if e_ratio.runs else None,
            "round_trip": exactness[name],
        }
    ctx.say(table(["layer", "decode ms", "x floor", "of it GC ms", "encode ms", "x floor", "round trip"], rows))
    return result


def _exactness(layer: Layer, payload: samples.Payload, decoded: Any) -> str:
    if layer.plain is None:
        return "n/a"
    try:
        diff = first_difference(payload.data, layer.plain(decoded))
    except Exception as exc:  # a layer that cannot even re-encode what it decoded
        return f"fails: {error_text(exc)}"
    return "exact" if diff is None else f"differs {diff}"


def _gc_paused(decode: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    """``decode`` with the cyclic GC paused for its duration (restored even on error)."""

    def paused(body: bytes) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return decode(body)
        finally:
            if was_enabled:
                gc.enable()

    return paused


def _bind(fn: Callable[[Any], Any] | None, arg: Any) -> Callable[[], Any]:
    assert fn is not None
    return lambda: fn(arg)


def _ms(series: Series) -> str:
    return Series("", [v * 1e3 for v in series.runs]).show(3)


def typed_decoding(ctx: Context) -> dict[str, Any]:
    heading(ctx, 4, "Typed decoding and serialization")
    runs = ctx.runs if ctx.quick else max(ctx.runs, 5)
    sizes = (50, 5) if ctx.quick else (10_000, 1_000)
    # Built one at a time: a payload's data stays alive while it is measured, and every
    # object alive during a decode is walked by that decode's GC passes.
    makers: list[Callable[[], samples.Payload]] = [
        lambda: samples.paxos_page(sizes[0]),
        lambda: samples.formance_history(sizes[1]),
    ]
    folder = ctx.scratch("anchors")
    try:
        folder_errors = anchors.build(["paxos", "formance"], folder)
        folder_ready = True
    except Exception as exc:  # anchors are optional; ours still gets measured
        folder_errors, folder_ready = {}, False
        ctx.warn(f"anchors not generated: {error_text(exc)}")
    results: dict[str, Any] = {}
    for make in makers:
        payload = make()
        what = "items" if payload.slug == "paxos" else "stages"
        ctx.say()
        ctx.say(
            f"{payload.slug} {payload.operation}: {payload.items:,} {what}, {payload.megabytes:.2f} MB, median of {runs} runs [min..max]"
        )
        try:
            all_layers, notes = layers(payload, folder_ready, folder_errors)
            figures = measure(ctx, payload, all_layers, runs)
        except Exception as exc:  # measure the other payloads first, then fail the section
            ctx.warn(f"cannot measure {payload.slug}: {error_text(exc)}")
            results[payload.slug] = {"error": error_text(exc)}
            continue
        ctx.say(f"  ours, default path = {DEFAULT_PATH}")
        for note in notes:
            ctx.say(f"  note: {note}")
        met = True
        for layer_name, (what, decode_target, encode_target) in TARGETS.items():
            if layer_name not in figures:
                continue
            d = figures[layer_name]["decode_ratio"]["median"]
            e = (figures[layer_name]["encode_ratio"] or {}).get("median", 0.0)
            ok = d <= decode_target and (encode_target is None or e <= encode_target)
            met = met and ok
            both = f", serialization {e:.2f}x <= {encode_target}x" if encode_target is not None else ""
            ctx.say(f"target: {what} {d:.2f}x <= {decode_target}x{both}: {'MET' if ok else 'MISSED'}")
        if not met and not ctx.quick:
            _profile(ctx, all_layers[1], payload)
        results[payload.slug] = {
            "items": payload.items,
            "megabytes": payload.megabytes,
            "default_path": DEFAULT_PATH,
            "layers": figures,
            "notes": notes,
            "target": TARGET,
            "met": met,
        }
    broken = sorted(slug for slug, figures in results.items() if "error" in figures)
    if broken:
        raise RuntimeError(f"could not measure {', '.join(broken)} (the reason is above)")
    return results


def _profile(ctx: Context, layer: Layer, payload: samples.Payload) -> None:
    # GC paused while profiling: its passes would otherwise be billed to whichever
    # function happened to allocate when one started (the GC column above has their cost).
    ctx.say("  profile of one decode on the default path, GC paused (own time, top 10):")
    for line in top(lambda: _gc_paused(layer.decode)(payload.body)):
        ctx.say(f"    {line}")
    if layer.encode is not None:
        decoded = layer.decode(payload.body)
        encode = layer.encode
        ctx.say("  profile of one encode, GC paused (own time, top 6):")
        for line in top(lambda: _gc_paused(encode)(decoded), 6):
            ctx.say(f"    {line}")
