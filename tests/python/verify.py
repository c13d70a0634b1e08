"""oauthlib as an independent judge of requests signed by wc-keys.

Reads signed requests as JSON lines on stdin, one object per line:

    {"id": 7, "method": "GET", "url": "http://shop.example/wp-json/wc/v3/x?a=1",
     "headers": {"Authorization": "OAuth ..."}, "body": null, "consumerSecret": "cs_..."}

and writes one verdict per line, in order:

    {"id": 7, "ok": true, "baseString": "GET&http%3A...", "error": null}

The request is read the way oauthlib's own endpoints read one (RFC 5849 section 3.4.1.3.1):
parameters from the query, the OAuth `Authorization` header and, when the Content-Type says
application/x-www-form-urlencoded, the body. The signature is then checked with oauthlib's
`verify_hmac_sha1` / `verify_hmac_sha256`, with the consumer secret and no token secret.

oauthlib implements RFC 5849, not WooCommerce, so it is only a fair judge of plain requests:
unreserved parameter names, no brackets, no repeated names, no `+` for a space, and a form body
only on POST (WooCommerce ignores one on other methods). The tests only give it those.

    tests/python/.venv/bin/python tests/python/verify.py < signed.jsonl
"""

import json
import sys

from oauthlib.common import CaseInsensitiveDict, Request
from oauthlib.oauth1.rfc5849 import signature

VERIFIERS = {
    "HMAC-SHA1": signature.verify_hmac_sha1,
    "HMAC-SHA256": signature.verify_hmac_sha256,
}
FORM = "application/x-www-form-urlencoded"


def judge(item):
    """The verdict on one signed request."""
    method = item["method"]
    headers = CaseInsensitiveDict(item.get("headers") or {})
    body = item.get("body")
    if body is None or FORM not in headers.get("Content-Type", "") or method != "POST":
        body = ""
    request = Request(item["url"], http_method=method, body=body, headers=headers)
    params = signature.collect_parameters(
        uri_query=request.uri_query,
        body=body,
        headers=headers,
        exclude_oauth_signature=False,
    )
    signatures = [v for k, v in params if k == "oauth_signature"]
    methods = [v for k, v in params if k == "oauth_signature_method"]
    if len(signatures) != 1 or len(methods) != 1:
        return False, None, "expected exactly one oauth_signature and one oauth_signature_method"
    request.params = [(k, v) for k, v in params if k != "oauth_signature"]
    request.signature = signatures[0]
    base_string = signature.signature_base_string(
        method,
        signature.base_string_uri(item["url"]),
        signature.normalize_parameters(request.params),
    )
    verify = VERIFIERS.get(methods[0])
    if verify is None:
        return False, base_string, f"unsupported signature method {methods[0]}"
    if not verify(request, client_secret=item["consumerSecret"]):
        return False, base_string, "signature does not match"
    return True, base_string, None


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        item = json.loads(line)
        try:
            ok, base_string, error = judge(item)
        except ValueError as e:
            ok, base_string, error = False, None, f"oauthlib refused the request: {e}"
        verdict = {"id": item.get("id"), "ok": ok, "baseString": base_string, "error": error}
        print(json.dumps(verdict, ensure_ascii=False), flush=False)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
