"""Inflate a zip entry as the Rust reader does, trusting none of the sizes or CRCs the zip declares.

zipfile stops reading at the size the directory declares, so an entry whose declared size and
CRC describe only its first bytes looks whole to it, while the Rust reader inflates all of it
(4.9 MB → 4.95 GB). Here the entry's compressed bytes are found from its local header, inflated
in bounded chunks and counted: more bytes than declared stops at once, fewer bytes, a wrong CRC,
an unfinished stream or an unknown compression method is an error (ValueError or zlib.error).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator

_LOCAL = struct.Struct("<4s5H3L2H")  # signature … name length, extra length: 30 bytes
_SIGNATURE = b"PK\x03\x04"


def _compressed(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """The entry's compressed bytes: after its local header, as long as the directory says."""
    start = info.header_offset
    fields = _LOCAL.unpack_from(data, start)
    if fields[0] != _SIGNATURE:
        raise ValueError("no local header")
    begin = start + _LOCAL.size + fields[-2] + fields[-1]
    end = begin + info.compress_size
    if end > len(data):
        raise ValueError("entry runs past the file")
    return memoryview(data)[begin:end]


def _chunks(raw: memoryview, method: int, size: int) -> Iterator[bytes]:
    if method == zipfile.ZIP_STORED:
        for pos in range(0, len(raw), size):
            yield bytes(raw[pos : pos + size])
        return
    if method != zipfile.ZIP_DEFLATED:
        raise ValueError("compression method Excel never writes")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pos = 0
    feed: bytes | memoryview
    while not inflater.eof:
        if inflater.unconsumed_tail:
            feed = inflater.unconsumed_tail
        elif pos < len(raw):
            feed, pos = raw[pos : pos + size], pos + size
        else:
            raise ValueError("the deflate stream ends early")
        out = inflater.decompress(feed, size)
        if out:
            yield out


def inflate(data: bytes, info: zipfile.ZipInfo, size: int) -> Iterator[bytes]:
    """The entry's real bytes in chunks of at most `size`; ValueError/zlib.error when they are not
    exactly the declared size and CRC (checked as they come: never more than declared is inflated)."""
    total, crc = 0, 0
    for chunk in _chunks(_compressed(data, info), info.compress_type, size):
        total += len(chunk)
        if total > info.file_size:
            raise ValueError("the entry inflates past its declared size")
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if total != info.file_size or crc != info.CRC:
        raise ValueError("the entry's size or CRC is not what the directory declares")


class Part:
    """A file-like read(n) over inflate()."""

    def __init__(self, data: bytes, info: zipfile.ZipInfo, size: int) -> None:
        self._chunks = inflate(data, info, size)
        self._buffer = b""

    def rest(self) -> Iterator[bytes]:
        """What read() has not returned yet, as it is inflated (no copy into a buffer)."""
        if self._buffer:
            yield self._buffer
            self._buffer = b""
        yield from self._chunks

    def read(self, n: int) -> bytes:
        while len(self._buffer) < n:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out
