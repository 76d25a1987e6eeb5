using System.Diagnostics;
using NUnit.Framework;

namespace NasLid.Tests.Foundation;

/// <summary>
/// The build step that marks GLIBCXX_3.4.32 weak in libLibTorchSharp.so: it patches exactly one flag,
/// is idempotent, and fails the build loudly when a symbol it does not know is bound to that version.
/// Runs the real task from Directory.Build.targets through `dotnet msbuild` on a copy of the shipped library.
/// </summary>
[NonParallelizable]
public class GlibcxxPatchTests
{
    string _work = "";
    string _library = "";

    [SetUp]
    public void CopyShippedLibrary()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("the fix applies to Linux only");
        if (SystemLibstdcxxHasVersion())
            Assert.Ignore("this system's libstdc++ provides GLIBCXX_3.4.32, so the build leaves the library alone");
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var shipped = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.That(File.Exists(shipped), $"shipped library not found at {shipped}");
        _work = Directory.CreateTempSubdirectory("naslid-glibcxx-").FullName;
        _library = Path.Combine(_work, "libLibTorchSharp.so");
        File.Copy(shipped, _library);
    }

    [TearDown]
    public void Clean()
    {
        if (_work != "") Directory.Delete(_work, true);
    }

    [Test]
    public void PatchSetsOnlyTheWeakFlagAndIsIdempotent()
    {
        var before = File.ReadAllBytes(_library);
        var (code, log) = RunTask("_ZSt21ios_base_library_initv");
        Assert.That(code, Is.EqualTo(0), log);
        var once = File.ReadAllBytes(_library);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != once[i]).ToArray();
        Assert.That(changed, Has.Length.EqualTo(1), "exactly one byte (vna_flags) changes");
        Assert.That(once[changed[0]] & 0x2, Is.EqualTo(0x2), "VER_FLG_WEAK is set");

        (code, log) = RunTask("_ZSt21ios_base_library_initv");
        Assert.That(code, Is.EqualTo(0), log);
        Assert.That(File.ReadAllBytes(_library), Is.EqualTo(once), "a second run changes nothing");
    }

    [Test]
    public void BuildFailsWhenAnUnknownSymbolNeedsTheVersion()
    {
        // Allowing a different symbol makes the real binding (ios_base_library_init) an unknown one: the
        // situation a future TorchSharp build that really uses GCC 13 functions would create.
        var before = File.ReadAllBytes(_library);
        var (code, log) = RunTask("some_other_symbol");
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(log, Does.Contain("binds _ZSt21ios_base_library_initv to GLIBCXX_3.4.32"));
        Assert.That(File.ReadAllBytes(_library), Is.EqualTo(before), "nothing is patched on failure");
    }

    static bool SystemLibstdcxxHasVersion()
    {
        var lib = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        return lib is not null && File.ReadAllBytes(lib).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
    }

    (int Code, string Log) RunTask(string allowedSymbol)
    {
        var project = Path.Combine(_work, "probe.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{Path.Combine(RepoPaths.Root, "Directory.Build.targets")}" />
              <Target Name="Probe">
                <NasLidWeakenGlibcxxRequirement Libraries="{_library}" Version="GLIBCXX_3.4.32" AllowedSymbol="{allowedSymbol}" />
              </Target>
            </Project>
            """);
        var start = new ProcessStartInfo("dotnet", ["msbuild", project, "-t:Probe", "-nologo", "-v:n"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
