using Parley.Platform.Http;
using Parley.Platform.Persistence;
using Parley.Platform.Scheduling;

namespace Parley.Attachments;

public static class AttachmentEndpoints
{
    public static IHostApplicationBuilder AddAttachments(this IHostApplicationBuilder builder)
    {
        var maxBytes = builder.Configuration.GetValue("Parley:Attachments:MaxBytes", AttachmentLimits.DefaultMaxBytes);
        builder.Services.AddSingleton(new AttachmentLimits(maxBytes));
        builder.Services.AddSingleton<IAttachmentStore>(_ =>
            new LocalAttachmentStore(Path.Combine(DatabaseSettings.DataDirectory(builder.Configuration, builder.Environment), "attachments")));
        builder.Services.AddClaimedWork();
        builder.Services.AddSingleton<MediaDownloads>();
        // Tests switch the loop off and drive MediaDownloads.DownloadDueAsync themselves, on their clock.
        if (builder.Configuration.GetValue("Parley:MediaDownloads:Enabled", true))
            builder.Services.AddHostedService<MediaDownloadService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAttachments(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<AttachmentLimits>();
        var attachments = app.MapGroup("/api/v1/attachments").WithTags("Attachments");
        attachments.MapPost("/", (HttpRequest request, UploadAttachment handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("UploadAttachment")
            .WithSummary("Upload a file to send (multipart/form-data, part 'file'); reference its id in attachmentIds of a reply or note.")
            // The file may be larger than other bodies; multipart framing adds a little.
            .WithMetadata(new RequestBodyLimit(limits.MaxBytes + 64 * 1024))
            .Accepts<UploadAttachment.Form>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .DisableAntiforgery();
        attachments.MapGet("/{id:guid}", (Guid id, GetAttachment handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetAttachment");
        attachments.MapGet("/{id:guid}/content", (Guid id, HttpResponse response, GetAttachment handler, CancellationToken ct) => handler.Content(id, response, ct))
            .WithName("GetAttachmentContent")
            .WithSummary("The file itself, as a download.")
            .Produces<Stream>(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Providers fetch outgoing media here; the key in the path is the credential.
        app.MapGet("/media/{id:guid}/{key}", (Guid id, string key, HttpResponse response, ServeProviderMedia handler, CancellationToken ct) => handler.Handle(id, key, response, ct))
            .WithTags("Provider webhooks")
            .WithName("ProviderMedia")
            .Produces<Stream>(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .AllowAnonymous();
        return app;
    }
}
