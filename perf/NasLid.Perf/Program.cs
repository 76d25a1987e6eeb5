using NasLid.Perf;

// naslid-perf <suite> [--quick] [--json FILE]: one file per suite; add a suite by adding it here.
var suites = new Dictionary<string, Func<bool, string?, int>>
{
    ["lid"] = LidSuite.Run,
    ["memory"] = MemorySuite.Run,
    ["train"] = TrainSuite.Run,
    ["split"] = SplitSuite.Run,
    ["check"] = CheckCommand.Run,
};
if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"usage: naslid-perf <{string.Join("|", suites.Keys)}> [--quick] [--json FILE]");
    return 2;
}
int json = Array.IndexOf(args, "--json");
return suite(args.Contains("--quick"), json >= 0 && json + 1 < args.Length ? args[json + 1] : null);
