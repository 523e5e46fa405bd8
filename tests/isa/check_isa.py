#!/usr/bin/env python3
"""Instruction-set check: every function's machine code uses only what its target's CPU check guarantees.

Disassembles object files, archives or executables (objdump -d -C -w) and assigns each function to a target
from its namespace: Highway's N_<TARGET>, with peregrine::kernels_vnni::N_AVX3 = AVX3_VNNI and
peregrine::kernels_dotprod::N_NEON = NEON_DOTPROD; anything else is baseline code (x86-64 / Armv8.0), which
must not contain any SIMD extension a CPU may lack. Each instruction is mapped to the extensions it needs
(encoding: VEX / EVEX; registers: zmm, k, xmm16+, SVE z/p; mnemonic tables below) and compared with the
target's allowed set, which mirrors that target's CPU check (Highway's for its targets, cpu_features.cpp for
ours). Exit 1 and one line per offending function when anything is outside.

  check_isa.py [--objdump PROG] [--arch x86|arm] FILE...       check
  check_isa.py --expect-violation FUNC ... FILE...              self-test: exit 0 only if each FUNC is flagged
"""
import argparse
import re
import subprocess
import sys

# ---------------------------------------------------------------- x86
X86_SSE3 = set("addsubpd addsubps haddpd haddps hsubpd hsubps lddqu movddup movshdup movsldup fisttp".split())
X86_SSSE3 = set("pabsb pabsw pabsd palignr phaddw phaddd phaddsw phsubw phsubd phsubsw pmaddubsw pmulhrsw "
                "pshufb psignb psignw psignd".split())
X86_SSE41 = set("blendpd blendps blendvpd blendvps dppd dpps extractps insertps movntdqa mpsadbw packusdw "
                "pblendvb pblendw pcmpeqq pextrb pextrd pextrq phminposuw pinsrb pinsrd pinsrq pmaxsb pmaxsd "
                "pmaxud pmaxuw pminsb pminsd pminud pminuw pmovsxbw pmovsxbd pmovsxbq pmovsxwd pmovsxwq "
                "pmovsxdq pmovzxbw pmovzxbd pmovzxbq pmovzxwd pmovzxwq pmovzxdq pmuldq pmulld ptest roundpd "
                "roundps roundsd roundss".split())
X86_SSE42 = set("pcmpestri pcmpestrm pcmpistri pcmpistrm pcmpgtq crc32b crc32w crc32l crc32q crc32".split())
X86_AES = set("aesenc aesenclast aesdec aesdeclast aesimc aeskeygenassist".split())
# tzcnt is left out: GCC emits it for generic x86-64 as `rep bsf`, which CPUs without BMI1 run as bsf.
X86_BMI1 = set("andn bextr blsi blsmsk blsr".split())
X86_BMI2 = set("bzhi mulx pdep pext rorx sarx shlx shrx".split())
X86_CD = set("vpconflictd vpconflictq vplzcntd vplzcntq vpbroadcastmb2q vpbroadcastmw2d".split())
X86_VNNI = set("vpdpbusd vpdpbusds vpdpwssd vpdpwssds".split())
X86_IFMA = set("vpmadd52luq vpmadd52huq".split())
X86_VBMI = set("vpermb vpermi2b vpermt2b vpmultishiftqb".split())
X86_VBMI2 = set("vpcompressb vpcompressw vpexpandb vpexpandw".split())
X86_BITALG = set("vpopcntb vpopcntw vpshufbitqmb".split())
X86_POPCNTDQ = set("vpopcntd vpopcntq".split())
X86_BF16 = set("vcvtne2ps2bf16 vcvtneps2bf16 vdpbf16ps".split())
X86_F16C = set("vcvtph2ps vcvtps2ph".split())
X86_PREFIXES = {0x66, 0xF2, 0xF3, 0x2E, 0x3E, 0x26, 0x64, 0x65, 0x36, 0xF0, 0x67}

X86_BASE = {"sse", "sse2"}
X86_SSSE3_SET = X86_BASE | {"sse3", "ssse3"}
X86_SSE4_SET = X86_SSSE3_SET | {"sse4.1", "sse4.2", "popcnt", "pclmul", "aes"}
X86_AVX2_SET = X86_SSE4_SET | {"avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "lzcnt", "movbe"}
X86_AVX3_SET = X86_AVX2_SET | {"avx512f"}  # F, VL, DQ, BW (not told apart: all four are required together)
X86_TARGETS = {
    "baseline": X86_BASE,
    "SCALAR": X86_BASE,
    "EMU128": X86_BASE,
    "SSSE3": X86_SSSE3_SET,
    "SSE4": X86_SSE4_SET,
    "AVX2": X86_AVX2_SET,
    "AVX3": X86_AVX3_SET,
    "AVX3_VNNI": X86_AVX3_SET | {"avx512vnni"},
    # Highway's own AVX3_DL (not built any more, see engine/kernels/x86_vnni.h): what its CPU check asks for.
    "AVX3_DL": X86_AVX3_SET | {"avx512vnni", "vpclmulqdq", "avx512vbmi", "avx512vbmi2", "vaes", "vpopcntdq",
                               "avx512bitalg"},
}


def x86_needs(raw, mnem, ops):
    """Extensions one x86 instruction needs."""
    need = set()
    i = 0
    while i < len(raw) and raw[i] in X86_PREFIXES:
        i += 1
    if i < len(raw) and 0x40 <= raw[i] <= 0x4F:
        i += 1  # REX
    first = raw[i] if i < len(raw) else 0
    evex = first == 0x62
    vex = first in (0xC4, 0xC5)
    m = mnem
    if m.startswith("{vex}"):
        vex = True
        m = m[5:].strip()
    if m.startswith("{evex}"):
        evex = True
        m = m[6:].strip()
    if evex or "%zmm" in ops or re.search(r"%k[0-7]", ops) or re.search(r"%[xy]mm(1[6-9]|2[0-9]|3[01])\b", ops):
        need.add("avx512f")
    elif vex:
        need.add("avx")
    base = m[1:] if (vex or evex) and m.startswith("v") else m
    for table, ext in ((X86_SSE3, "sse3"), (X86_SSSE3, "ssse3"), (X86_SSE41, "sse4.1"), (X86_SSE42, "sse4.2"),
                       (X86_AES, "aes"), (X86_BMI1, "bmi1"), (X86_BMI2, "bmi2")):
        if base in table or m in table:
            need.add(ext)
    if m.startswith("popcnt"):
        need.add("popcnt")
    if m.startswith("lzcnt"):
        need.add("lzcnt")
    if m.startswith("movbe"):
        need.add("movbe")
    if "pclmul" in m:
        need.add("vpclmulqdq" if ("%ymm" in ops or "%zmm" in ops) else "pclmul")
    if m.startswith("vaes") and ("%ymm" in ops or "%zmm" in ops):
        need.add("vaes")
    if re.match(r"v?f(n?m(add|sub)|maddsub|msubadd)", m) and m.startswith("v"):
        need.add("fma" if not evex else "avx512f")
    if m in X86_F16C:
        need.add("f16c" if not evex else "avx512f")
    if m in X86_VNNI:
        need.add("avxvnni" if vex else "avx512vnni")
    if m not in X86_VNNI and re.match(r"vpdp(b[su][su]d|w[su][su]d)s?$", m):
        need.add("avxvnniint")
    for table, ext in ((X86_CD, "avx512cd"), (X86_IFMA, "ifma"), (X86_VBMI, "avx512vbmi"),
                       (X86_VBMI2, "avx512vbmi2"), (X86_BITALG, "avx512bitalg"), (X86_POPCNTDQ, "vpopcntdq"),
                       (X86_BF16, "avx512bf16")):
        if m in table:
            need.add(ext)
    if m.startswith("vpshld") or m.startswith("vpshrd"):
        need.add("avx512vbmi2")
    if m.startswith("gf2p8") or m.startswith("vgf2p8"):
        need.add("gfni")
    if m.startswith("vp2intersect"):
        need.add("avx512vp2intersect")
    if re.match(r"(tdp|tile|ldtilecfg|sttilecfg)", m):
        need.add("amx")
    if re.match(r"v(exp2|rcp28|rsqrt28|gatherpf|scatterpf|4fmadd|4fnmadd|p4dpwssd)", m):
        need.add("avx512_knl")
    if m.startswith("v") and (m.endswith("ph") or m.endswith("sh")) and m != "vcvtps2ph":
        need.add("avx512fp16")
    if m in ("vmovw",):
        need.add("avx512fp16")
    return need


# ---------------------------------------------------------------- aarch64
ARM_SVE_ONLY = set("addvl addpl rdvl cntb cnth cntw cntd cntp incb inch incw incd decb dech decw decd setffr "
                   "rdffr wrffr".split())
ARM_SVE2 = set("saddlb saddlt uaddlb uaddlt ssublb ssublt usublb usublt sabdlb sabdlt uabdlb uabdlt saddwb saddwt "
               "uaddwb uaddwt ssubwb ssubwt usubwb usubwt smullb smullt umullb umullt sqdmullb sqdmullt smlalb "
               "smlalt umlalb umlalt smlslb smlslt umlslb umlslt sqdmlalb sqdmlalt sqdmlslb sqdmlslt sshllb "
               "sshllt ushllb ushllt sqxtnb sqxtnt uqxtnb uqxtnt sqxtunb sqxtunt shrnb shrnt rshrnb rshrnt "
               "sqshrnb sqshrnt uqshrnb uqshrnt sqrshrnb sqrshrnt uqrshrnb uqrshrnt addhnb addhnt subhnb subhnt "
               "raddhnb raddhnt rsubhnb rsubhnt sadalp uadalp shadd uhadd srhadd urhadd shsub uhsub shsubr "
               "uhsubr addp smaxp sminp umaxp uminp faddp fmaxp fminp fmaxnmp fminnmp bext bdep bgrp histcnt "
               "histseg match nmatch whilege whilegt whilehi whilehs whilerw whilewr cdot cmla sqcadd xar eor3 "
               "bcax bsl bsl1n bsl2n nbsl sli sri ssra usra srsra ursra sqabs sqneg sqrdmlah sqrdmlsh sqrdmulh "
               "sqdmulh tbx tbl2 eorbt eortb pmullb pmullt sbclb sbclt adclb adclt".split())
ARM_BASE = {"base"}
ARM_TARGETS = {
    "baseline": ARM_BASE,
    "SCALAR": ARM_BASE,
    "EMU128": ARM_BASE,
    "NEON": ARM_BASE,
    "LSE_CHECKED": ARM_BASE | {"lse"},
    # built with -march=armv8.2-a+dotprod; cpuRunsNeonDotprod() checks dotprod, atomics, RDM and CRC32
    "NEON_DOTPROD": ARM_BASE | {"dotprod", "lse", "rdm", "crc"},
    "SVE": ARM_BASE | {"sve", "fp16"},
    "SVE_256": ARM_BASE | {"sve", "fp16"},
    "SVE2": ARM_BASE | {"sve", "sve2", "fp16"},
    "SVE2_128": ARM_BASE | {"sve", "sve2", "fp16"},
}


def arm_needs(mnem, ops):
    need = set()
    m = mnem.split(".")[0]
    sve = bool(re.search(r"\b[zp]\d+(\.[bhsdq])?\b", ops)) or m in ARM_SVE_ONLY
    if sve:
        need.add("sve")
        if m in ARM_SVE2:
            need.add("sve2")
    if m in ("sdot", "udot") and not sve:
        need.add("dotprod")
    if m in ("usdot", "sudot", "smmla", "ummla", "usmmla"):
        need.add("i8mm")
    if m.startswith("bf") and m[2:] in ("dot", "mmla", "mlalb", "mlalt", "cvt", "cvtn", "cvtn2"):
        need.add("bf16")
    if (not sve and m.startswith("f") and m not in ("fcvt", "fcvtl", "fcvtl2", "fcvtn", "fcvtn2")
            and (re.search(r"\.[48]h\b", ops) or re.search(r"\bh\d+\b", ops))):
        need.add("fp16")
    if re.match(r"(ld|st)(add|clr|eor|set|smax|smin|umax|umin)", m) or m.startswith("swp") or m.startswith("cas"):
        need.add("lse")
    if m in ("sqrdmlah", "sqrdmlsh") and not sve:
        need.add("rdm")
    if m.startswith("crc32"):
        need.add("crc")
    if m in ("aese", "aesd", "aesmc", "aesimc") or m.startswith("sha1") or m.startswith("sha256"):
        need.add("crypto")
    if m in ("pmull", "pmull2") and ".1q" in ops:
        need.add("crypto")
    if m.startswith("ldapr"):
        need.add("rcpc")
    if m == "fjcvtzs":
        need.add("jscvt")
    if m in ("fcmla", "fcadd") and not sve:
        need.add("fcma")
    if m.startswith("frint32") or m.startswith("frint64"):
        need.add("frint")
    if m in ("eor3", "bcax", "rax1", "xar") and not sve:
        need.add("sha3")
    return need


# ---------------------------------------------------------------- driver
FUNC_RE = re.compile(r"^[0-9a-f]+ <(.*)>:$")
INSN_RE = re.compile(r"^\s*[0-9a-f]+:\s+((?:[0-9a-f]{2}\s)+)\s*(.*)$")
INSN_ARM_RE = re.compile(r"^\s*[0-9a-f]+:\s+([0-9a-f]{8})\s+(.*)$")
TARGET_NS_RE = re.compile(r"\bN_([A-Z0-9_]+)::")


# libgcc's outline atomics (-moutline-atomics, GCC's aarch64 default): each helper tests
# __aarch64_have_lse_atomics (from AT_HWCAP) before it runs an LSE instruction.
LIBGCC_OUTLINE_ATOMICS = re.compile(r"^__aarch64_(cas|swp|ldadd|ldclr|ldeor|ldset)\d+_(relax|acq|rel|acq_rel|sync)$")


def target_of(func):
    """Target whose compile options apply to this function (its own namespace, not template arguments)."""
    if LIBGCC_OUTLINE_ATOMICS.match(func):
        return "LSE_CHECKED"
    head = re.split(r"[(<]", func, maxsplit=1)[0] + "::"
    ns = TARGET_NS_RE.search(head)
    if not ns:
        return "baseline"
    t = ns.group(1)
    if t == "AVX3" and "kernels_vnni::" in head:
        return "AVX3_VNNI"
    if t == "NEON" and "kernels_dotprod::" in head:
        return "NEON_DOTPROD"
    return t


def disassemble(objdump, path):
    out = subprocess.run([objdump, "-d", "-C", "-w", path], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"check_isa: {objdump} failed on {path}: {out.stderr.strip()}")
    return out.stdout


def check_file(objdump, arch, path):
    """Returns {function: (target, {extension: example instruction})} for functions outside their target."""
    text = disassemble(objdump, path)
    if arch is None:
        arch = "arm" if "aarch64" in text[:400] else "x86"
    targets = X86_TARGETS if arch == "x86" else ARM_TARGETS
    bad = {}
    func, target, allowed = None, None, None
    functions = 0
    for line in text.splitlines():
        fm = FUNC_RE.match(line)
        if fm:
            func = fm.group(1)
            target = target_of(func)
            allowed = targets.get(target)
            if allowed is None:
                bad.setdefault(func, (target, {}))[1]["unknown-target"] = "no allowed list for " + target
            functions += 1
            continue
        if func is None or allowed is None:
            continue
        if arch == "x86":
            im = INSN_RE.match(line)
            if not im or not im.group(2):
                continue
            raw = [int(b, 16) for b in im.group(1).split()]
            parts = im.group(2).split(None, 1)
            mnem = parts[0]
            rest = parts[1] if len(parts) > 1 else ""
            if mnem in ("{vex}", "{evex}") and rest:
                sub = rest.split(None, 1)
                mnem = mnem + " " + sub[0]
                rest = sub[1] if len(sub) > 1 else ""
            need = x86_needs(raw, mnem.replace(" ", ""), rest)
        else:
            im = INSN_ARM_RE.match(line)
            if not im:
                continue
            parts = im.group(2).split(None, 1)
            need = arm_needs(parts[0], parts[1] if len(parts) > 1 else "")
            if not need:
                continue
        extra = need - allowed - {"base"}
        if extra:
            entry = bad.setdefault(func, (target, {}))
            for ext in extra:
                entry[1].setdefault(ext, line.strip())
    return arch, functions, bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--objdump", default="objdump")
    ap.add_argument("--arch", choices=["x86", "arm"])
    ap.add_argument("--expect-violation", action="append", default=[], metavar="FUNC",
                    help="self-test: a substring of a function that must be flagged")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    files = [f for arg in args.files for f in arg.split(";") if f]
    all_bad = {}
    total = 0
    for path in files:
        arch, n, bad = check_file(args.objdump, args.arch, path)
        total += n
        for func, (target, exts) in bad.items():
            all_bad[(path, func)] = (target, exts)
    for (path, func), (target, exts) in sorted(all_bad.items()):
        for ext, example in sorted(exts.items()):
            print(f"{path}: {func}: target {target} does not guarantee {ext}: {example}")
    if args.expect_violation:
        missing = [e for e in args.expect_violation if not any(e in f for (_, f) in all_bad)]
        for e in missing:
            print(f"check_isa self-test: expected a violation in '{e}', none found")
        print(f"check_isa self-test: {len(all_bad)} functions flagged, {len(missing)} expected ones missed")
        return 1 if missing else 0
    print(f"check_isa: {total} functions in {len(files)} files, {len(all_bad)} outside their target's CPU check")
    return 1 if all_bad else 0


if __name__ == "__main__":
    sys.exit(main())
