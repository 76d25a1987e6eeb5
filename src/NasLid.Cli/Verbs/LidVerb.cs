using System.Text.Json;
using CommandLine;
using NasLid.Core;
using NasLid.Kernels;
using NasLid.Kernels.Io;

namespace NasLid.Cli;

[Verb("lid", HelpText = "Compute the LID of a 2-D float matrix from a .npy or .csv file.")]
public sealed class LidVerb : IVerb
{
    [Option("features", Required = true, HelpText = "A 2-D .npy (C order, float32 or float64) or .csv file: one row per sample.")]
    public string Features { get; set; } = "";

    [Option('k', "neighbours", Default = 20, HelpText = "Neighbours per row, k <= rows - 1 (-k 20 or --k 20).")]
    public int K { get; set; } = 20;

    [Option("engine", Default = "cpu", HelpText = "cpu | ilgpu | torch.")]
    public string Engine { get; set; } = "cpu";

    [Option("formula", Default = LidFormula.Exact, HelpText = "exact (paper Eq. 3), reference (the reference code) or levinabickel.")]
    public LidFormula Formula { get; set; } = LidFormula.Exact;

    [Option("json", HelpText = "Print the result as JSON.")]
    public bool Json { get; set; }

    public int Run()
    {
        var matrix = FeatureMatrixReader.Read(Features);
        var formula = Formula.ToString().ToLowerInvariant();
        using var engine = LidEngines.Create(Engine);
        var result = engine.Estimate(matrix.Values, matrix.Rows, matrix.Columns, new LidOptions(K, Formula), Features);
        if (Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                file = Features, engine = engine.Name, formula, lid = result.Lid, rows = result.Rows,
                rowsUsed = result.RowsUsed, excludedDuplicates = result.ExcludedDuplicates,
                excludedEqual = result.ExcludedEqual, rowsWithReducedK = result.RowsWithReducedK, k = result.K,
            }));
            return 0;
        }
        Console.WriteLine($"LID {result.Lid:F4}  ({engine.Name} engine, {formula} formula, k = {result.K})");
        Console.WriteLine($"rows used {result.RowsUsed} of {result.Rows} ({matrix.Columns} features)");
        Console.WriteLine($"excluded {result.RowsExcluded}: {result.ExcludedDuplicates} with k or more exact duplicates, " +
                          $"{result.ExcludedEqual} with all k neighbour distances equal");
        if (result.RowsWithReducedK > 0)
            Console.WriteLine($"{result.RowsWithReducedK} rows had duplicate neighbours dropped (k reduced for those rows)");
        return 0;
    }
}
