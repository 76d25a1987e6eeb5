using System.Globalization;
using System.Text.Json;
using NUnit.Framework;

namespace NasLid.Tests.Cli;

/// <summary>`naslid lid` end to end on files with a known answer: points on a circle in R^3 have LID 1.</summary>
[NonParallelizable]
public class LidVerbTests
{
    string _dir = "";

    [SetUp]
    public void MakeFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"naslid-lid-{Guid.NewGuid():N}"));

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    string CircleCsv(int rows)
    {
        var random = new Random(3);
        var lines = Enumerable.Range(0, rows).Select(_ =>
        {
            double angle = 2 * Math.PI * random.NextDouble();
            return string.Join(",", new[] { Math.Cos(angle), Math.Sin(angle), 0.5 }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        });
        var path = Path.Combine(_dir, "circle.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try { return (NasLid.Cli.Cli.Run(args, output, error), output.ToString(), error.ToString()); }
        finally { Console.SetOut(console); }
    }

    [TestCase("cpu")]
    [TestCase("torch")]
    public void ACircleHasLidNearOneAndEveryRowIsUsed(string engine)
    {
        var (code, output, error) = Run("lid", "--features", CircleCsv(400), "--engine", engine, "--json");
        Assert.That(code, Is.EqualTo(0), error);
        using var json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("lid").GetDouble(), Is.EqualTo(1.0).Within(0.15));
        Assert.That(json.RootElement.GetProperty("rowsUsed").GetInt32(), Is.EqualTo(400));
        Assert.That(json.RootElement.GetProperty("k").GetInt32(), Is.EqualTo(20));
    }

    /// <summary>The formula is spelled as `search --lid-formula` spells it, and the JSON says which one ran.</summary>
    [TestCase("levinabickel")]
    [TestCase("Reference")]
    public void TheFormulaIsTheSearchVerbsEnum(string formula)
    {
        var (code, output, error) = Run("lid", "--features", CircleCsv(200), "--formula", formula, "--json");
        Assert.That(code, Is.EqualTo(0), error);
        using var json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("formula").GetString(), Is.EqualTo(formula.ToLowerInvariant()));
        Assert.That(json.RootElement.GetProperty("lid").GetDouble(), Is.EqualTo(1.0).Within(0.3));
    }

    [Test]
    public void AFolderOrAFileWithNaNIsAnErrorNamingThePath()
    {
        var folder = Run("lid", "--features", _dir);
        Assert.That(folder.Code, Is.EqualTo(1));
        Assert.That(folder.Error, Does.Contain(_dir).And.Contain("is a folder").And.Not.Contain("   at "));
        var path = Path.Combine(_dir, "nan.csv");
        File.WriteAllLines(path, Enumerable.Range(0, 30).Select(i => i == 7 ? "1,NaN" : $"{i},{i * i}"));
        var nan = Run("lid", "--features", path);
        Assert.That(nan.Code, Is.EqualTo(1));
        Assert.That(nan.Error, Does.Contain(path).And.Contain("1 NaN").And.Not.Contain("   at "));
    }

    [Test]
    public void TextOutputNamesLidRowsAndExclusions()
    {
        var (code, output, _) = Run("lid", "--features", CircleCsv(100), "-k", "10");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("LID ").And.Contain("k = 10").And.Contain("rows used 100 of 100").And.Contain("excluded 0"));
    }

    [Test]
    public void TooFewRowsAnUnknownEngineAndAMissingFileAreOneLineErrors()
    {
        var csv = CircleCsv(15);
        var (code, _, error) = Run("lid", "--features", csv);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("naslid: error:").And.Contain("b = 15").And.Contain("k = 20"));
        Assert.That(Run("lid", "--features", csv, "--engine", "tpu").Error, Does.Contain("unknown LID engine 'tpu'"));
        Assert.That(Run("lid", "--features", Path.Combine(_dir, "none.npy")).Error, Does.Contain("none.npy: no such file"));
    }
}
