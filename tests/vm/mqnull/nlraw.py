#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Send one hand-built mqnull generic netlink request and print the answer.

For the bad-input test only: it builds requests mqctl never sends (wrong
types, missing or unknown attributes, nests without NLA_F_NESTED).

    nlraw.py CMD [ATTR...]
    nlraw.py -          one request per line of standard input, one
                        answer per line of output
    ATTR:  TYPE:KIND=VALUE, KIND one of u8 u16 u32 u64 str flag, or
           TYPE:nest=[ATTR,...] (NLA_F_NESTED set) / TYPE:bare=[ATTR,...]
           (not set); TYPE is a number or a name from netlink/specs/mqnull.yaml
           (SIZE, PATH, PATH.STATE ...).

Prints one JSON object: {"errno": N, "msg": "...", "attr": "NAME",
"missing": "NAME"} where attr names the attribute the extended ack points at
("" if none) and missing the one it reports absent, or {"errno": 0}.
"""
import json
import os
import re
import shlex
import socket
import struct
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, '..', '..', '..', 'netlink', 'specs', 'mqnull.yaml')


def names_by_value(items):
    """NAME at its value, for a list of the spec's attributes or operations
    (numbered as YNL numbers them: from 1, or from an explicit value)."""
    out, value = {}, 1
    for item in items:
        value = item.get('value', value)
        out[value] = item['name'].upper().replace('-', '_')
        value += 1
    return [out.get(v, str(v)) for v in range(max(out) + 1)]


def load_spec():
    """Command and attribute names from netlink/specs/mqnull.yaml, the
    family's one description, rather than a copy of its numbering."""
    with open(SPEC, encoding='utf-8') as f:
        spec = yaml.safe_load(f)
    sets = {s['name']: s['attributes'] for s in spec['attribute-sets']}
    return (names_by_value(spec['operations']['list']),
            names_by_value(sets['mqnull']), names_by_value(sets['path']))


CMDS, ATTRS, PATH_ATTRS = load_spec()
NLA_F_NESTED = 0x8000


def nla(atype, payload):
    hdr = struct.pack('=HH', 4 + len(payload), atype)
    return hdr + payload + b'\0' * (-len(payload) % 4)


def split_top(text):
    """Split 'a,b=[c,d],e' on the commas outside brackets."""
    out, depth, cur = [], 0, ''
    for ch in text:
        if ch == ',' and depth == 0:
            out.append(cur)
            cur = ''
            continue
        depth += ch == '['
        depth -= ch == ']'
        cur += ch
    if cur:
        out.append(cur)
    return out


def encode(spec, names):
    m = re.fullmatch(r'([A-Z_0-9]+):(\w+)=(.*)', spec, re.S)
    if not m:
        sys.exit(f'bad attribute spec {spec!r}')
    name, kind, value = m.groups()
    atype = int(name) if name.isdigit() else names.index(name)
    if kind in ('nest', 'bare'):
        inner = b''.join(encode(s, PATH_ATTRS)
                         for s in split_top(value.strip('[]')))
        return nla(atype | (NLA_F_NESTED if kind == 'nest' else 0), inner)
    if kind == 'flag':
        return nla(atype, b'')
    if kind == 'str':
        return nla(atype, value.encode() + b'\0')
    fmt = {'u8': '=B', 'u16': '=H', 'u32': '=I', 'u64': '=Q'}[kind]
    return nla(atype, struct.pack(fmt, int(value, 0)))


def attr_at(msg, offset):
    """Name the attribute starting at @offset of the request we sent."""
    pos, end, names, prefix = 20, len(msg), ATTRS, ''
    while pos + 4 <= end:
        length, atype = struct.unpack_from('=HH', msg, pos)
        name = prefix + names[atype & 0x3fff] \
            if (atype & 0x3fff) < len(names) else prefix + str(atype & 0x3fff)
        if pos == offset:
            return name
        if pos < offset < pos + length and names is ATTRS:
            pos, end, names, prefix = pos + 4, pos + length, PATH_ATTRS, name + '.'
            continue
        pos += (length + 3) & ~3
    return f'offset {offset}'


def resolve(sock):
    req = struct.pack('=BBH', 3, 1, 0) + nla(2, b'mqnull\0')
    sock.send(struct.pack('=IHHII', 16 + len(req), 0x10, 1, 1, 0) + req)
    data = sock.recv(65536)
    if struct.unpack_from('=H', data, 4)[0] == 2:
        sys.exit('mqnull family not found')
    pos = 20
    while pos < len(data):
        length, atype = struct.unpack_from('=HH', data, pos)
        if atype == 1:
            return struct.unpack_from('=H', data, pos + 4)[0]
        pos += (length + 3) & ~3
    sys.exit('no family id')


def request(sock, family, seq, words):
    cmd = CMDS.index(words[0])
    body = struct.pack('=BBH', cmd, 1, 0)
    body += b''.join(encode(w, ATTRS) for w in words[1:])
    msg = struct.pack('=IHHII', 16 + len(body), family, 5, seq, 0) + body
    sock.send(msg)
    while True:
        data = sock.recv(65536)
        mtype, flags, rseq = struct.unpack_from('=HHI', data, 4)
        if mtype != 2 or rseq != seq:   # a reply before the ack
            continue
        err = -struct.unpack_from('=i', data, 16)[0]
        out = {'errno': err}
        if err:
            out.update(msg='', attr='')
            miss = nest = None
            pos = 20 + (16 if flags & 0x100 else len(msg))  # NLM_F_CAPPED
            while pos + 4 <= len(data):
                length, atype = struct.unpack_from('=HH', data, pos)
                val = data[pos + 4:pos + length]
                if atype == 1:      # NLMSGERR_ATTR_MSG
                    out['msg'] = val.rstrip(b'\0').decode()
                elif atype == 2:    # NLMSGERR_ATTR_OFFS
                    out['attr'] = attr_at(msg, struct.unpack('=I', val)[0])
                elif atype == 5:    # NLMSGERR_ATTR_MISS_TYPE
                    miss = struct.unpack('=I', val)[0]
                elif atype == 6:    # NLMSGERR_ATTR_MISS_NEST
                    nest = struct.unpack('=I', val)[0]
                pos += (length + 3) & ~3
            if miss is not None:
                out['missing'] = (f'PATH.{PATH_ATTRS[miss]}' if nest is not None
                                  else ATTRS[miss])
        return out


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    sock.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    sock.bind((0, 0))
    family = resolve(sock)
    if sys.argv[1:] == ['-']:
        lines = [shlex.split(line) for line in sys.stdin if line.strip()]
    else:
        lines = [sys.argv[1:]]
    for seq, words in enumerate(lines, start=2):
        print(json.dumps(request(sock, family, seq, words)), flush=True)


main()
