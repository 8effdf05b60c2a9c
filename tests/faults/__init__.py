"""The runtime under faults, over real loopback sockets: a scripted server fails on purpose,
and every fault must end in the documented typed error or the documented recovery, within a
bounded time, with no credential in any message.  Plus a bounded concurrency (load) test."""
