"""One HTTP exchange with Xero: governor, timeout, error mapping, retries, counting.

Retries (tenacity): a 429 is always retried (Xero did not process it), after Retry-After;
5xx, timeouts, cut-off or malformed replies only for reads (GET), since a write that
failed that way may have been applied. Waits grow exponentially from `config.backoff`
up to `config.max_wait`; a Retry-After longer than `max_wait` (a used-up daily limit) is
raised at once. Logs name the method, path and outcome only: never headers or bodies.
"""

import logging
import threading
import time
from contextlib import nullcontext
from urllib.parse import urlsplit

import requests
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from .errors import (
    XeroMalformedResponse,
    XeroRateLimitError,
    XeroTransientError,
    error_from_exception,
    error_from_response,
)
from .governor import NullGovernor

_logger = logging.getLogger(__name__)
READ_METHODS = frozenset({"GET", "HEAD"})


class Stats:
    """Counters of one client's traffic: what sync jobs report and benchmarks measure.

    `calls` counts every HTTP request sent (retries included: each uses Xero's budget),
    `retries` the repeated ones, `rate_limited` the 429 replies, `bytes_received` the
    reply bodies. Callers may reset the attributes at will.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.calls = self.retries = self.bytes_received = self.rate_limited = 0

    def add(self, **counts):
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self):
        return {"calls": self.calls, "retries": self.retries,
                "bytes_received": self.bytes_received, "rate_limited": self.rate_limited}

    def __repr__(self):
        return f"Stats({self.as_dict()})"


class Transport:
    """Sends requests for XeroClient and XeroOAuth; returns parsed JSON or raises XeroError."""

    def __init__(self, config, session=None, stats=None, governor=None, sleep=time.sleep):
        self.config = config
        self.session = session or requests.Session()
        self.stats = stats if stats is not None else Stats()
        self.governor = governor or NullGovernor()
        self.sleep = sleep

    def request(self, method, url, tenant_id=None, headers=None, params=None, data=None,
                auth=None, expect_json=True, retry_transient=None):
        """Send with retries; -> parsed JSON (None for an empty body or expect_json=False).

        `tenant_id` routes the call through the governor. `retry_transient` overrides the
        default (retry transient failures of reads only).
        """
        method = method.upper()
        if retry_transient is None:
            retry_transient = method in READ_METHODS
        retrying = Retrying(
            stop=stop_after_attempt(self.config.max_attempts),
            retry=retry_if_exception(lambda exc: self._should_retry(exc, retry_transient)),
            wait=self._wait,
            sleep=self.sleep,
            before_sleep=lambda state: self._before_sleep(state, method, url),
            reraise=True,
        )
        return retrying(self._send, method, url, tenant_id, headers, params, data, auth,
                        expect_json)

    # -- one attempt
    def _send(self, method, url, tenant_id, headers, params, data, auth, expect_json):
        headers = {"User-Agent": self.config.user_agent, **(headers or {})}
        slot = self.governor.acquire(tenant_id) if tenant_id else nullcontext()
        started = time.monotonic()
        with slot:
            try:
                response = self.session.request(
                    method, url, headers=headers, params=params, data=data, auth=auth,
                    timeout=self.config.timeout, allow_redirects=False,
                )
                body = response.content
            except requests.RequestException as exc:
                self.stats.add(calls=1)
                error = error_from_exception(exc)
                _logger.info("Xero %s %s failed: %s", method, _path(url), error.message)
                raise error from None
        self.stats.add(calls=1, bytes_received=len(body))
        if tenant_id:
            self.governor.observe(tenant_id, response.headers)
        _logger.debug("Xero %s %s -> %s (%s bytes, %.2fs)", method, _path(url),
                      response.status_code, len(body), time.monotonic() - started)
        if not 200 <= response.status_code < 300:
            error = error_from_response(response)
            if isinstance(error, XeroRateLimitError):
                self.stats.add(rate_limited=1)
                if tenant_id:
                    self.governor.backoff(tenant_id, error.retry_after, error.problem)
            raise error
        if not expect_json or not body.strip():
            return None
        try:
            return response.json()
        except ValueError:
            raise XeroMalformedResponse(
                "Xero's reply could not be read (not valid JSON).", response.status_code,
                body[:200].decode("utf-8", "replace"),
            ) from None

    # -- retry policy
    def _should_retry(self, exc, retry_transient):
        if isinstance(exc, XeroRateLimitError):
            # a governor's refusal has already waited all it may: not retried here
            from_xero = exc.status == 429 and exc.problem != "governor"
            return from_xero and (exc.retry_after is None or exc.retry_after <= self.config.max_wait)
        return retry_transient and isinstance(exc, XeroTransientError)

    def _wait(self, state: RetryCallState):
        exc = state.outcome.exception()
        backoff = min(self.config.backoff * 2 ** (state.attempt_number - 1), self.config.max_wait)
        if isinstance(exc, XeroRateLimitError) and exc.retry_after is not None:
            return min(exc.retry_after, self.config.max_wait)
        return backoff

    def _before_sleep(self, state, method, url):
        self.stats.add(retries=1)
        exc = state.outcome.exception()
        _logger.info("Xero %s %s: %s; retry %s/%s in %.1fs", method, _path(url), exc,
                     state.attempt_number + 1, self.config.max_attempts,
                     state.next_action.sleep if state.next_action else 0)


def _path(url):
    """The path of a URL, for logs (no query string: it may carry codes in OAuth calls)."""
    return urlsplit(url).path
