/*
 * bcryptprimitives.dll shim for Wine 8.0 -- test-rig support only.
 *
 * Why this exists: Rust's standard library on Windows imports `ProcessPrng`
 * from bcryptprimitives.dll to seed its hash maps. Wine 8.0 (Debian 12) ships
 * no bcryptprimitives.dll, so every Rust .exe fails to start under it. This
 * tiny DLL exports `ProcessPrng`, backed by advapi32's `SystemFunction036`
 * (RtlGenRandom), which Wine does implement. `cargo xtask` builds it with
 * mingw-w64 and copies it into the private Wine prefix's system32. It is never
 * shipped with the crate and never used on real Windows, which has the DLL.
 */
#include <windows.h>

typedef BOOLEAN (WINAPI *rtl_gen_random_fn)(PVOID, ULONG);

static rtl_gen_random_fn resolve_rtl_gen_random(void)
{
    static rtl_gen_random_fn fn;
    if (fn == NULL) {
        HMODULE advapi = LoadLibraryW(L"advapi32.dll");
        if (advapi != NULL)
            fn = (rtl_gen_random_fn)(void *)GetProcAddress(advapi, "SystemFunction036");
    }
    return fn;
}

/* Fills `data` with `len` random bytes; TRUE on success (the real API never fails). */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    rtl_gen_random_fn gen = resolve_rtl_gen_random();
    if (gen == NULL)
        return FALSE;
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!gen(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst; (void)reason; (void)reserved;
    return TRUE;
}
