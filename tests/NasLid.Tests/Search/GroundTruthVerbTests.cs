using NasLid.Core.Ranking;
using NUnit.Framework;

namespace NasLid.Tests.Search;

/// <summary>A ground-truth table holds one training recipe: extending it with another one is refused, not silently mixed.</summary>
public class GroundTruthVerbTests
{
    [Test]
    public void ExtendingATableWithOtherEpochsIsRefusedNamingTheRecipe()
    {
        var table = Path.Combine(Directory.CreateTempSubdirectory("naslid-gt-").FullName, "gt.csv");
        const string arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";
        File.WriteAllText(table, GroundTruthTable.Header + "\n" + GroundTruthTable.FormatRow(new GroundTruthRow(arch, 0.8, 0, 1, 1, 1, 1)) + "\n");
        var error = new StringWriter();
        int code = NasLid.Cli.Cli.Run(["groundtruth", "--arch", arch, "--epochs", "2", "--out", table], new StringWriter(), error);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("trained with 1 epochs and seed 0, not 2 and 0"));
        Assert.That(File.ReadAllLines(table), Has.Length.EqualTo(2), "the table is left as it was");
    }
}
