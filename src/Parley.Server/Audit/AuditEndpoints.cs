using Microsoft.AspNetCore.Mvc;
using Parley.Identity;

namespace Parley.Audit;

public static class AuditEndpoints
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ActivityLog>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        // Who did what, from where: for admins only.
        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Authentication.AdminPolicy);
        audit.MapGet("/activity", (DateTimeOffset? from, DateTimeOffset? to, Guid? userId, string? cursor, int? limit, ListActivity handler, CancellationToken ct) =>
                handler.Handle(from, to, userId, cursor, limit, ct))
            .WithName("ListActivity")
            .WithSummary("What admins and agents did outside conversations (sign-ins, users, teams, channels, policies, tokens, erasures), with who, when, the subject's id and the IP; newest first. from inclusive, to exclusive.");
        audit.MapDelete("/activity", ([FromBody] DeleteActivity.Request request, DeleteActivity handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("DeleteActivity")
            .WithSummary("Delete activity records: either the given ids, or every record from 'from' (inclusive) to 'to' (exclusive).");
        return app;
    }
}
