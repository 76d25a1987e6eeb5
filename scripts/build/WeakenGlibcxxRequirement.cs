using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

// Inline MSBuild task (compiled by RoslynCodeTaskFactory from Directory.Build.targets). Needs only the SDK.
// Marks one GNU symbol-version requirement weak in an ELF64 shared library, after checking that the only
// symbol bound to it is the one known to be harmless. Writes through a temporary file and a rename, so a
// hard link into the NuGet cache is replaced rather than written through.
public class NasLidWeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; }
    public string Version { get; set; }
    public string AllowedSymbol { get; set; }

    const uint ShtDynsym = 11, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2;

    static readonly string[] SystemLibstdcxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6",
    };

    public override bool Execute()
    {
        string system = null;
        foreach (var p in SystemLibstdcxx) if (File.Exists(p)) { system = p; break; }
        if (system == null)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                "NasLid: no system libstdc++.so.6 found in the usual places; libLibTorchSharp.so left as shipped.");
            return true;
        }
        if (Contains(File.ReadAllBytes(system), Encoding.ASCII.GetBytes(Version + "\0")))
            return true; // Newer distributions provide the version: nothing to do.

        foreach (var item in Libraries)
            if (!Patch(item.ItemSpec)) return false;
        return !Log.HasLoggedErrors;
    }

    bool Patch(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 || elf[5] != 1)
            return Fail(path, "is not a little-endian ELF64 file; the TorchSharp native library changed shape");

        long shoff = (long)U64(elf, 0x28);
        int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        int verneed = -1, versym = -1, dynsym = -1;
        for (int i = 0; i < shnum; i++)
        {
            uint type = U32(elf, shoff + (long)i * shentsize + 4);
            if (type == ShtGnuVerneed) verneed = i;
            else if (type == ShtGnuVersym) versym = i;
            else if (type == ShtDynsym) dynsym = i;
        }
        if (verneed < 0 || versym < 0 || dynsym < 0)
            return Fail(path, "has no .gnu.version_r, .gnu.version or .dynsym section; the fix does not apply");

        long vnSection = shoff + (long)verneed * shentsize;
        long vnOffset = (long)U64(elf, vnSection + 0x18);
        uint vnCount = U32(elf, vnSection + 0x2C);
        long vnStrings = SectionOffset(elf, shoff, shentsize, (int)U32(elf, vnSection + 0x28));

        long auxFound = -1; int versionIndex = -1;
        long vn = vnOffset;
        for (uint n = 0; n < vnCount; n++)
        {
            ushort auxCount = U16(elf, vn + 2);
            long aux = vn + U32(elf, vn + 8);
            for (int a = 0; a < auxCount; a++)
            {
                if (CString(elf, vnStrings + U32(elf, aux + 8)) == Version)
                {
                    auxFound = aux; versionIndex = U16(elf, aux + 6);
                }
                aux += U32(elf, aux + 12);
            }
            vn += U32(elf, vn + 12);
        }
        if (auxFound < 0) return true; // This build does not ask for the version: nothing to do.

        var bound = BoundSymbols(elf, shoff, shentsize, dynsym, versym, versionIndex);
        bound.Remove(AllowedSymbol);
        if (bound.Count > 0)
            return Fail(path, "binds " + string.Join(", ", bound) + " to " + Version + " besides " + AllowedSymbol
                + ". Marking the version weak would hide functions this system's libstdc++ lacks. Install GCC 13's"
                + " libstdc++ (or newer) instead.");

        ushort flags = U16(elf, auxFound + 4);
        if ((flags & VerFlgWeak) != 0) return true; // Already patched.
        flags |= VerFlgWeak;
        elf[auxFound + 4] = (byte)flags;
        elf[auxFound + 5] = (byte)(flags >> 8);

        string temp = path + ".naslid-tmp";
        File.WriteAllBytes(temp, elf);
        File.Replace(temp, path, null);
        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
            "NasLid: marked " + Version + " weak in " + path + " (system libstdc++ lacks it; only " + AllowedSymbol + " uses it).");
        return true;
    }

    static List<string> BoundSymbols(byte[] elf, long shoff, int shentsize, int dynsym, int versym, int versionIndex)
    {
        long symSection = shoff + (long)dynsym * shentsize;
        long symOffset = (long)U64(elf, symSection + 0x18);
        long symCount = (long)U64(elf, symSection + 0x20) / 24;
        long symStrings = SectionOffset(elf, shoff, shentsize, (int)U32(elf, symSection + 0x28));
        long verOffset = (long)U64(elf, shoff + (long)versym * shentsize + 0x18);
        var names = new List<string>();
        for (long s = 0; s < symCount; s++)
            if ((U16(elf, verOffset + 2 * s) & 0x7fff) == versionIndex)
                names.Add(CString(elf, symStrings + U32(elf, symOffset + 24 * s)));
        return names;
    }

    bool Fail(string path, string why)
    {
        Log.LogError("NasLid: cannot apply the GLIBCXX fix to " + path + ": it " + why + ".");
        return false;
    }

    static long SectionOffset(byte[] elf, long shoff, int shentsize, int index) =>
        (long)U64(elf, shoff + (long)index * shentsize + 0x18);
    static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
    static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
    static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

    static string CString(byte[] b, long o)
    {
        long end = o;
        while (b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
    }

    static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
