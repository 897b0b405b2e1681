using System.Diagnostics;
using Parley.Bench;
using Parley.Bench.Sweep;
using Parley.Bench.Web;
using Parley.Bench.Webhooks;

// `webhooks` is the write path's load (docs/benchmarks.md, "Inbound webhooks"), `sweep` the
// Maintenance sweep ("Maintenance sweep"), `web` the web app in Chromium over the read path's
// data ("The web app"); the default is the read path.
if (args.Length > 0 && args[0] == "webhooks")
    return await WebhookBench.RunAsync(WebhookOptions.Parse(args[1..]));
if (args.Length > 0 && args[0] == "sweep")
    return await SweepBench.RunAsync(SweepOptions.Parse(args[1..]));
if (args.Length > 0 && args[0] == "web")
    return await WebBench.RunAsync(WebOptions.Parse(args[1..]));

// Parley's read-path benchmark: a year of a busy organisation's history, loaded by COPY into a
// fresh PostgreSQL database, read back through the real server over HTTP. See docs/benchmarks.md.
var options = BenchOptions.Parse(args);
var clock = TimeProvider.System;
var repository = Machine.RepositoryRoot();
var total = Stopwatch.StartNew();

Console.WriteLine($"Parley bench: {options.Conversations:N0} conversations, {options.MessagesPerConversation} messages each, " +
    $"{options.Contacts:N0} contacts, {options.Agents} agents + admin; {options.Requests} timed requests per case");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

Console.WriteLine("building src/Parley.Server (Release) ...");
var serverDll = await ReleaseServer.BuildAsync(repository);

await using var database = await BenchDatabase.CreateAsync(options, clock);
var cluster = database.Cluster;
var databaseConnection = database.ConnectionString;

var dataDirectory = Path.Combine(Path.GetTempPath(), $"parley-bench-data-{Environment.ProcessId}");
Directory.CreateDirectory(dataDirectory);
try
{
    await using var server = await ReleaseServer.StartAsync(serverDll, databaseConnection, dataDirectory);
    Console.WriteLine($"server: {server.Address} (it applies any missing migration at start-up)");
    var (data, token) = await database.FillOrReuseAsync(server.Address, clock);

    using var http = Organisation.Client(server.Address, token);
    var measurements = new Measurements(http, data, options.Requests, cluster);
    Console.WriteLine($"latency over HTTP, sequential, {options.Requests} requests per case after 100 untimed requests of every case (ms):");
    // Other work on the machine shows in every percentile; the load average says how much there was.
    Console.WriteLine($"  load average before: {Machine.LoadAverage()}");
    await measurements.RunAsync();
    Console.WriteLine($"  load average after:  {Machine.LoadAverage()}");

    if (cluster is not null)
    {
        foreach (var (name, path) in (ValueTuple<string, string>[])[
            ("inbox, view=all, first page", "/api/v1/conversations?view=all&limit=50"),
            ("inbox, view=mine, first page", "/api/v1/conversations?view=mine&limit=50"),
            ("inbox, view=all, page 100", measurements.Page100Path ?? "/api/v1/conversations?view=all&limit=50"),
            ("contact search, name prefix 'mar'", "/api/v1/contacts?q=mar"),
            ("contact search, phone 555-010-2000", "/api/v1/contacts?q=555-010-2000"),
            ("open conversation: the conversation, marked read", measurements.BigConversationPath(1)),
            ("open conversation: its messages", measurements.BigConversationPath(1) + "/messages?limit=200"),
        ])
        {
            Console.WriteLine($"\n=== EXPLAIN (ANALYZE, BUFFERS) of every statement behind GET {path} ({name}), from auto_explain:");
            try
            {
                Console.WriteLine(await measurements.ExplainAsync(path));
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"  not captured: {e.Message.Split('\n')[0]}");
            }
        }
    }
    else
    {
        Console.WriteLine("(EXPLAIN is captured with auto_explain on the bench's own cluster only; run without --connection to see the plans.)");
    }
}
finally
{
    Directory.Delete(dataDirectory, recursive: true);
}
Console.WriteLine($"total {total.Elapsed.TotalMinutes:F1} min");
return 0;
