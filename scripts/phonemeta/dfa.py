"""Regular expressions over decimal digits compiled into minimal DFAs.

libphonenumber's metadata patterns only use literals, digit classes, groups, alternation and greedy
counted repeats, so every pattern is a regular language over the alphabet 0-9. Compiling them here
(Thompson NFA, subset construction, Moore minimisation) lets the Swift side validate a number by walking a
transition table, with no regex engine and no allocation.
"""

try:
    import re._parser as sre_parse  # Python >= 3.11
    from re._constants import MAXREPEAT
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore
    from sre_constants import MAXREPEAT  # type: ignore

DIGITS = frozenset(range(10))


class UnsupportedPattern(Exception):
    pass


class NFA:
    def __init__(self):
        self.moves = []  # state -> list of (digit set, target)
        self.eps = []  # state -> list of targets

    def state(self):
        self.moves.append([])
        self.eps.append([])
        return len(self.moves) - 1


def _digit_set(items):
    out = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.add(_digit(av))
        elif name == "RANGE":
            lo, hi = av
            for c in range(lo, hi + 1):
                out.add(_digit(c))
        elif name == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            out |= DIGITS
        else:
            raise UnsupportedPattern("class item %s %r" % (name, av))
    return frozenset(out)


def _digit(code):
    d = code - 48
    if not 0 <= d <= 9:
        raise UnsupportedPattern("non-digit literal %r" % chr(code))
    return d


def _build(nfa, items):
    """Returns (start, end) of a fragment matching the sequence `items`."""
    start = nfa.state()
    cur = start
    for op, av in items:
        s, e = _build_one(nfa, op, av)
        nfa.eps[cur].append(s)
        cur = e
    return start, cur


def _build_one(nfa, op, av):
    name = str(op)
    if name == "LITERAL":
        s, e = nfa.state(), nfa.state()
        nfa.moves[s].append((frozenset([_digit(av)]), e))
        return s, e
    if name == "IN":
        s, e = nfa.state(), nfa.state()
        nfa.moves[s].append((_digit_set(av), e))
        return s, e
    if name == "SUBPATTERN":
        return _build(nfa, av[-1])
    if name == "BRANCH":
        s, e = nfa.state(), nfa.state()
        for alt in av[1]:
            a, b = _build(nfa, alt)
            nfa.eps[s].append(a)
            nfa.eps[b].append(e)
        return s, e
    if name == "MAX_REPEAT":
        lo, hi, sub = av
        s = nfa.state()
        cur = s
        for _ in range(lo):
            a, b = _build(nfa, sub)
            nfa.eps[cur].append(a)
            cur = b
        if hi == MAXREPEAT:
            a, b = _build(nfa, sub)
            nfa.eps[cur].append(a)
            nfa.eps[b].append(cur)
            e = nfa.state()
            nfa.eps[cur].append(e)
            return s, e
        e = nfa.state()
        for _ in range(hi - lo):
            nfa.eps[cur].append(e)
            a, b = _build(nfa, sub)
            nfa.eps[cur].append(a)
            cur = b
        nfa.eps[cur].append(e)
        return s, e
    raise UnsupportedPattern("regex op %s" % name)


def build_dfa(patterns, prefix=False):
    """Compiles `patterns` (list of (regex, label bit)) into one minimal DFA.

    Returns (labels, transitions): state 0 is the dead state, state 1 the start state; `labels[s]` is
    the OR of the bits of every pattern that accepts when the walk ends in `s`; `transitions[s]` lists the
    ten successor states for digits 0-9. With `prefix=True` the DFA answers `re.match` (some prefix is in
    the language): accepting states become absorbing, so a walk can stop at the first accepting state.
    """
    nfa = NFA()
    root = nfa.state()
    accept = {}
    for regex, bit in patterns:
        tree = sre_parse.parse(regex)
        s, e = _build(nfa, list(tree))
        nfa.eps[root].append(s)
        accept[e] = accept.get(e, 0) | bit

    def closure(states):
        stack = list(states)
        seen = set(states)
        while stack:
            q = stack.pop()
            for t in nfa.eps[q]:
                if t not in seen:
                    seen.add(t)
                    stack.append(t)
        return frozenset(seen)

    def label_of(subset):
        v = 0
        for q in subset:
            v |= accept.get(q, 0)
        return v

    dead = frozenset()
    start = closure([root])
    index = {dead: 0, start: 1}
    order = [dead, start]
    trans = []
    labels = []
    i = 0
    while i < len(order):
        subset = order[i]
        lab = label_of(subset)
        labels.append(lab)
        row = []
        if prefix and lab:
            row = [i] * 10
        else:
            for d in range(10):
                nxt = set()
                for q in subset:
                    for ds, t in nfa.moves[q]:
                        if d in ds:
                            nxt.add(t)
                target = closure(nxt) if nxt else dead
                if target not in index:
                    index[target] = len(order)
                    order.append(target)
                row.append(index[target])
        trans.append(row)
        i += 1
    return minimise(labels, trans)


def minimise(labels, trans):
    """Moore partition refinement; keeps the dead state at 0 and the start state at 1."""
    n = len(labels)
    block = [labels[s] for s in range(n)]
    # Make sure the dead state is distinguishable only by behaviour, not by index.
    while True:
        sig = {}
        new_block = []
        for s in range(n):
            key = (block[s], tuple(block[t] for t in trans[s]))
            new_block.append(sig.setdefault(key, len(sig)))
        if len(sig) == len(set(block)):
            block = new_block
            break
        block = new_block
    # Renumber: dead block first, start block second, then in BFS order.
    rep = {}
    for s in range(n):
        rep.setdefault(block[s], s)
    order = [block[0]]
    if block[1] != block[0]:
        order.append(block[1])
    seen = set(order)
    i = 0
    while i < len(order):
        s = rep[order[i]]
        for t in trans[s]:
            if block[t] not in seen:
                seen.add(block[t])
                order.append(block[t])
        i += 1
    new_index = {b: k for k, b in enumerate(order)}
    out_labels = [labels[rep[b]] for b in order]
    out_trans = [[new_index[block[t]] for t in trans[rep[b]]] for b in order]
    if block[1] == block[0]:
        # Empty language: only the dead state survived; add a start state that behaves like it.
        out_labels.append(0)
        out_trans.append([0] * 10)
    return out_labels, out_trans


def run(labels, trans, digits, prefix=False):
    """Reference walk used to cross-check the DFA against `re` in the generator."""
    s = 1
    if prefix and labels[s]:
        return labels[s]
    for ch in digits:
        s = trans[s][ord(ch) - 48]
        if s == 0:
            return 0
        if prefix and labels[s]:
            return labels[s]
    return labels[s]
