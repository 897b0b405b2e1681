using System.Text.Json;
using Parley.Identity;

namespace Parley.Maintenance;

public static class MaintenanceEndpoints
{
    public static IHostApplicationBuilder AddMaintenance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new MaintenanceOptions(
            builder.Configuration.GetValue("Parley:Maintenance:TransitionBatch", MaintenanceOptions.DefaultTransitionBatch),
            builder.Configuration.GetValue("Parley:Maintenance:PurgeBatch", MaintenanceOptions.DefaultPurgeBatch)));
        builder.Services.AddSingleton<MaintenanceSweep>();
        builder.Services.AddSingleton<IMaintenanceSweep>(services => services.GetRequiredService<MaintenanceSweep>());
        return builder;
    }

    public static IEndpointRouteBuilder MapMaintenance(this IEndpointRouteBuilder app)
    {
        // Retention deletes data: every endpoint is for admins.
        var maintenance = app.MapGroup("/api/v1/maintenance").WithTags("Maintenance").RequireAuthorization(Authentication.AdminPolicy);
        maintenance.MapGet("/policy", (GetMaintenancePolicy handler, CancellationToken ct) => handler.Handle(ct))
            .WithName("GetMaintenancePolicy");
        maintenance.MapPut("/policy", (JsonElement body, PutMaintenancePolicy handler, CancellationToken ct) => handler.Handle(body, ct))
            .WithName("PutMaintenancePolicy")
            .WithSummary("Replace the organisation's settings: days without activity per rule, null (or left out) for never; deleteBufferDays null = 30.");
        maintenance.MapGet("/policy/changes", (string? cursor, int? limit, ListPolicyChanges handler, CancellationToken ct) => handler.Handle(cursor, limit, ct))
            .WithName("ListMaintenancePolicyChanges")
            .WithSummary("Who changed the settings or a channel's overrides, when, from what to what; newest first.");
        maintenance.MapPost("/runs", (bool? dryRun, StartRun handler, CancellationToken ct) => handler.Handle(dryRun, ct))
            .WithName("StartMaintenanceRun")
            .WithSummary("Sweep the organisation now; dryRun=true only reports, per rule, how many conversations would move, with sample ids.");
        maintenance.MapGet("/runs", (string? cursor, int? limit, ListRuns handler, CancellationToken ct) => handler.Handle(cursor, limit, ct))
            .WithName("ListMaintenanceRuns");
        maintenance.MapGet("/runs/{id:guid}", (Guid id, GetRun handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetMaintenanceRun");

        var channels = app.MapGroup("/api/v1/channels").WithTags("Maintenance").RequireAuthorization(Authentication.AdminPolicy);
        channels.MapGet("/{id:guid}/maintenance", (Guid id, GetChannelMaintenance handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetChannelMaintenance")
            .WithSummary("The channel's overrides and the effective settings, each with where it comes from.");
        channels.MapPut("/{id:guid}/maintenance", (Guid id, JsonElement body, PutChannelMaintenance handler, CancellationToken ct) => handler.Handle(id, body, ct))
            .WithName("PutChannelMaintenance")
            .WithSummary("Replace the channel's overrides: a rule left out inherits, a rule given as null is never for this channel.");
        return app;
    }
}
