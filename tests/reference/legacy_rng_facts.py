"""Facts about numpy's legacy RandomState (MT19937) for a Rust reimplementation.

Checks, against a pure-Python MT19937 written here from the reference
algorithm, that:
  * RandomState(int) / np.random.seed(int) seeds with init_genrand(seed):
      key[0] = seed; key[i] = (1812433253*(key[i-1] ^ (key[i-1] >> 30)) + i) mod 2**32
    and leaves pos = 624 (first draw regenerates the whole block).
  * rand() = ((a >> 5) * 67108864 + (b >> 6)) / 9007199254740992  (53-bit double
    from two consecutive uint32 outputs a, b).
  * randn() / normal() use the Marsaglia polar method with a cached second value:
      repeat x1 = 2u1-1, x2 = 2u2-1, r2 = x1*x1 + x2*x2 until 0 < r2 < 1
      f = sqrt(-2*log(r2)/r2); cache f*x1; return f*x2.
All floats printed with repr() (bit-exact); hex also given for RNG doubles.
"""
import json
import math
import numpy as np

M32 = 0xFFFFFFFF


def init_genrand(seed):
    key = [seed & M32]
    for i in range(1, 624):
        key.append((1812433253 * (key[-1] ^ (key[-1] >> 30)) + i) & M32)
    return key


class MT:
    def __init__(self, seed):
        self.mt, self.pos = init_genrand(seed), 624
        self.has_gauss, self.gauss = False, 0.0
        self.doubles = 0                          # next_double() calls so far

    def next_u32(self):
        if self.pos >= 624:
            mt = self.mt
            for i in range(624):
                y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7FFFFFFF)
                mt[i] = mt[(i + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.pos = 0
        y = self.mt[self.pos]
        self.pos += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y

    def next_double(self):
        self.doubles += 1
        a, b = self.next_u32() >> 5, self.next_u32() >> 6
        return (a * 67108864.0 + b) / 9007199254740992.0

    def gauss_polar(self):
        if self.has_gauss:
            self.has_gauss = False
            return self.gauss
        while True:
            x1 = 2.0 * self.next_double() - 1.0
            x2 = 2.0 * self.next_double() - 1.0
            r2 = x1 * x1 + x2 * x2
            if 0.0 < r2 < 1.0:
                break
        f = math.sqrt(-2.0 * math.log(r2) / r2)
        self.gauss, self.has_gauss = f * x1, True
        return f * x2


def fl(a):
    return json.dumps([float(v) for v in a])


def hx(a):
    return json.dumps([float(v).hex() for v in a])


print("numpy_version =", np.__version__)

# --- seeding: key array after RandomState(42)
st = np.random.RandomState(42).get_state()
print("RandomState(42).get_state()[0] =", st[0])
print("key[:5] =", json.dumps([int(v) for v in st[1][:5]]))
print("key[623] =", int(st[1][623]))
print("pos, has_gauss, cached_gaussian =", st[2], st[3], repr(st[4]))
for s in (42, 0, 1, 12345, 2**32 - 1):
    same = [int(v) for v in np.random.RandomState(s).get_state()[1]] == init_genrand(s)
    print("seed %d: key == init_genrand(seed) for all 624 words: %s" % (s, same))
st0 = np.random.RandomState(0).get_state()
print("RandomState(0) key[:5] =", json.dumps([int(v) for v in st0[1][:5]]))

# --- first raw uint32 outputs after seeding (pure-Python MT, checked below)
m = MT(42)
raw42 = [m.next_u32() for _ in range(10)]
print("seed 42 first 10 raw uint32 =", json.dumps(raw42))
# numpy cross-check: randint over full uint32 range uses one raw draw each
np_raw = np.random.RandomState(42).randint(0, 2**32, size=10, dtype=np.uint64)
print("numpy randint(0,2**32,uint64) first 10 =", json.dumps([int(v) for v in np_raw]),
      "== raw:", [int(v) for v in np_raw] == raw42)
m = MT(0)
print("seed 0 first 5 raw uint32 =", json.dumps([m.next_u32() for _ in range(5)]))

# --- rand / randn, numpy vs pure Python
for seed, n in ((42, 5), (0, 3)):
    np.random.seed(seed)
    r = np.random.rand(n)
    m = MT(seed)
    rp = [m.next_double() for _ in range(n)]
    print("seed %d rand(%d) = %s" % (seed, n, fl(r)))
    print("seed %d rand(%d) hex = %s" % (seed, n, hx(r)))
    print("  pure-Python rand bit-identical:", [float(v) for v in r] == rp)

    np.random.seed(seed)
    g = np.random.randn(n)
    st = np.random.get_state()
    m = MT(seed)
    gp = [m.gauss_polar() for _ in range(n)]
    print("seed %d randn(%d) = %s" % (seed, n, fl(g)))
    print("seed %d randn(%d) hex = %s" % (seed, n, hx(g)))
    print("  pure-Python polar bit-identical:", [float(v) for v in g] == gp)
    print("  after randn(%d): has_gauss=%d cached=%r (pure-Python: %s %r)"
          % (n, st[3], st[4], m.has_gauss, m.gauss))

# --- a longer check: the seed-000 stream (rand(50) then randn(50), then randn 2x2+1x2)
np.random.seed(42)
a = np.random.rand(50)
b = np.random.randn(50)
m = MT(42)
ok = [float(v) for v in a] == [m.next_double() for _ in range(50)] and \
     [float(v) for v in b] == [m.gauss_polar() for _ in range(50)]
print("seed 42 rand(50)+randn(50) bit-identical to pure Python:", ok)
print("  uniform doubles consumed by randn(50) =", m.doubles - 50,
      "(50 would mean no polar rejections)")
np.random.seed(42)
g6 = np.random.randn(6)
m = MT(42)
print("seed 42 randn(6) =", fl(g6))
print("  bit-identical:", [float(v) for v in g6] == [m.gauss_polar() for _ in range(6)])
np.random.seed(42)
nrm = [np.random.normal() for _ in range(9)]
np.random.seed(42)
print("np.random.normal() x9 == randn(9):",
      [float(v) for v in nrm] == [float(v) for v in np.random.randn(9)])
