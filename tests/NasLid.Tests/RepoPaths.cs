namespace NasLid.Tests;

/// <summary>Where the repository and the shared real data are, seen from a test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/data beside the checkout: real MNIST and Fashion-MNIST.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string FashionMnist => Path.Combine(SharedData, "fashion-mnist");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NasLid.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"NasLid.sln not found above {AppContext.BaseDirectory}");
    }
}
