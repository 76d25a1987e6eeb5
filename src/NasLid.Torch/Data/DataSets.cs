using NasLid.Core;

namespace NasLid.Torch.Data;

/// <summary>
/// Finds and loads a dataset from a folder, recognised by its files:
/// IDX (train-images-idx3-ubyte[.gz] ...), CIFAR-10 (data_batch_*.bin, test_batch.bin), CIFAR-100 (train.bin,
/// test.bin) or image folders (train/ and val/ or test/, each with one sub-folder per class).
/// Every file is read and checked here, so bad data fails before any training starts.
/// </summary>
public static class DataSets
{
    public const string EmbeddedName = "fashion-mnist-subset";

    /// <summary>
    /// The Fashion-MNIST subset shipped with the repository: beside the executable (the build copies it
    /// there) or, when running from a build folder of a checkout, in the checkout's data/.
    /// </summary>
    public static string EmbeddedPath
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "data", EmbeddedName);
            if (Directory.Exists(beside))
                return beside;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "NasLid.sln")))
                    return Path.Combine(dir.FullName, "data", EmbeddedName);
            throw new NasLidException($"the embedded data folder data/{EmbeddedName} is neither beside {AppContext.BaseDirectory} nor in a checkout above it; pass --data");
        }
    }

    /// <summary>The full path of <c>dataPath</c> (or of the embedded subset when null), refused when it is no folder.</summary>
    public static string RequireFolder(string? dataPath)
    {
        var root = Path.GetFullPath(dataPath ?? EmbeddedPath);
        if (!Directory.Exists(root))
            throw new NasLidException($"{root}: data folder not found");
        return root;
    }

    /// <summary>Loads <c>dataPath</c>, or the embedded Fashion-MNIST subset when it is null.</summary>
    public static LoadedData Load(string? dataPath, DataOptions? options = null)
    {
        options ??= new DataOptions();
        if (options.ValidationFraction is <= 0 or >= 1)
            throw new NasLidException($"validation fraction {options.ValidationFraction} must be between 0 and 1");
        var root = RequireFolder(dataPath);
        var name = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        var (train, test, flips) = Read(root, name, options);
        if (train.Channels != test.Channels || train.Height != test.Height || train.Width != test.Width || train.ClassCount != test.ClassCount)
            throw new NasLidException($"{root}: test images ({test.Channels}x{test.Height}x{test.Width}, {test.ClassCount} classes) differ from training images ({train.Channels}x{train.Height}x{train.Width}, {train.ClassCount} classes)");
        int heldOut = (int)Math.Round(train.Count * options.ValidationFraction);
        var (kept, validation) = train.Split(heldOut, new Rng(options.Seed));
        // Crops shift by up to 1/8 of the side: 4 px on CIFAR's 32, the same share on 28 and 224.
        var augmentation = new Augmentation(Math.Max(1, train.Height / 8), options.HorizontalFlip ?? flips);
        return new LoadedData(name, kept, validation, test, Normalisation.Of(kept), augmentation);
    }

    static (ImageDataset Train, ImageDataset Test, bool Flips) Read(string root, string name, DataOptions options)
    {
        if (Idx(root, "train-images-idx3-ubyte") is { } trainImages)
        {
            // Mirrored clothing is still clothing; a mirrored digit is not a digit.
            bool digits = !name.Contains("fashion", StringComparison.OrdinalIgnoreCase);
            return (IdxReader.Load(trainImages, Required(Idx(root, "train-labels-idx1-ubyte"), root, "train-labels-idx1-ubyte[.gz]")),
                    IdxReader.Load(Required(Idx(root, "t10k-images-idx3-ubyte"), root, "t10k-images-idx3-ubyte[.gz]"),
                                   Required(Idx(root, "t10k-labels-idx1-ubyte"), root, "t10k-labels-idx1-ubyte[.gz]")),
                    !digits);
        }
        var batches = Directory.GetFiles(root, "data_batch_*.bin").Order(StringComparer.Ordinal).ToArray();
        if (batches.Length > 0)
            return (CifarReader.Load(batches, CifarVariant.Cifar10),
                    CifarReader.Load([Required(Existing(root, "test_batch.bin"), root, "test_batch.bin")], CifarVariant.Cifar10), true);
        if (Existing(root, "train.bin") is { } cifar100)
            return (CifarReader.Load([cifar100], CifarVariant.Cifar100),
                    CifarReader.Load([Required(Existing(root, "test.bin"), root, "test.bin")], CifarVariant.Cifar100), true);
        var trainFolder = Path.Combine(root, "train");
        if (Directory.Exists(trainFolder))
        {
            var testFolder = new[] { "val", "test" }.Select(f => Path.Combine(root, f)).FirstOrDefault(Directory.Exists)
                ?? throw new NasLidException($"{root}: has train/ but neither val/ nor test/ for the test images");
            var classes = ImageFolderReader.ClassNames(trainFolder);
            return (ImageFolderReader.Load(trainFolder, options.Resolution, classes),
                    ImageFolderReader.Load(testFolder, options.Resolution, classes), true);
        }
        throw new NasLidException($"{root}: unrecognised data folder; expected IDX files (train-images-idx3-ubyte[.gz], ...), CIFAR batches (data_batch_*.bin or train.bin with test files) or image folders (train/ and val/ with one sub-folder per class)");
    }

    static string? Idx(string root, string stem) => Existing(root, stem + ".gz") ?? Existing(root, stem);

    static string? Existing(string root, string file)
    {
        var path = Path.Combine(root, file);
        return File.Exists(path) ? path : null;
    }

    static string Required(string? path, string root, string what) =>
        path ?? throw new NasLidException($"{root}: missing {what}");
}
