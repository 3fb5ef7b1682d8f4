package id.ntt110.routing.rest;

import id.ntt110.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemException;
import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.Regency;
import id.ntt110.routing.service.DirectoryService;
import id.ntt110.routing.service.DirectorySnapshot;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import id.ntt110.openapi.ApiDocumentFilter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tables operators load to locate callers: mobile cells and landline prefixes. */
@Path("/")
@Tag(name = "Lookup tables", description = "What locates a caller without a position: mobile cells and landline prefixes, mapped to regencies.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LookupTableResource {

    public static final int MAX_BATCH = 10_000;
    private static final String REGENCY_PATTERN = "^53\\.\\d{2}$";

    private final DirectoryService directory;
    private final ReferenceData reference;

    public LookupTableResource(DirectoryService directory, ReferenceData reference) {
        this.directory = directory;
        this.reference = reference;
    }

    public record CellEntry(
            @NotBlank @Size(max = 64) @Pattern(regexp = "^[A-Za-z0-9:._/-]+$", message = "may hold letters, digits and : . _ / - only") String cell,
            @NotBlank @Pattern(regexp = REGENCY_PATTERN, message = "must be a Kemendagri code such as 53.21") String regency) {
    }

    public record CellView(@Schema(required = true) String cell, @Schema(required = true) RouteResponse.RegencyRef regency,
            @Schema(required = true, example = "POLRES-MALAKA") String coveringUnit) {
    }

    public record PrefixEntry(
            @NotBlank @Pattern(regexp = "^0[1-79][0-9]{1,12}$", message = "must be a landline prefix in national form such as 0380 or 03801 (mobile 08… numbers carry no location)") String prefix,
            @NotEmpty List<@NotBlank @Pattern(regexp = REGENCY_PATTERN, message = "must be a Kemendagri code such as 53.21") String> regencies) {
    }

    public record Upserted(@Schema(required = true, description = "How many entries were added or changed.") int upserted) {
    }

    @PUT
    @Path("cells")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add or change cells", description = "Up to " + MAX_BATCH + " cells in one batch, all or nothing; "
            + "the last entry of a cell wins.")
    @APIResponse(responseCode = "200", description = "Stored.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Upserted.class)))
    public Upserted upsertCells(@NotNull @Size(min = 1, max = MAX_BATCH) List<@Valid @NotNull CellEntry> cells) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, String> byCell = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            CellEntry entry = cells.get(i);
            checkRegency("[" + i + "].regency", entry.regency(), errors);
            // Stored normalised (cell ids compare case-insensitively); the last entry of a cell wins, as if sent one by one.
            byCell.put(DirectorySnapshot.normaliseCell(entry.cell()), entry.regency());
        }
        rejectIfAny(errors);
        return new Upserted(directory.upsertCells(byCell));
    }

    @GET
    @Path("cells/{cell}")
    @RolesAllowed({Roles.TELEPHONY, Roles.ADMIN})
    @Operation(summary = "Read a cell", description = "Served from memory.",
            extensions = @Extension(name = ApiDocumentFilter.NO_DATABASE, value = "true"))
    @APIResponse(responseCode = "200", description = "The cell's regency and the desk that covers it.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CellView.class)))
    public CellView getCell(@PathParam("cell") String cell) {
        String regencyCode = directory.snapshot().cellRegency(cell).orElse(null);
        Regency regency = regencyCode == null ? null : reference.regency(regencyCode).orElse(null);
        if (regency == null) {
            throw ProblemException.notFound("Cell " + cell + " is not in the cell table; PUT /cells adds it.");
        }
        return new CellView(cell, new RouteResponse.RegencyRef(regency.code(), regency.name()),
                reference.coveringUnit(regency.code()).map(u -> u.code()).orElse(null));
    }

    @PUT
    @Path("number-prefixes")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add or change landline prefixes", description = "Up to " + MAX_BATCH + " prefixes in one batch, "
            + "all or nothing. A prefix with several regencies locates a caller only when the longest matching prefix names one.")
    @APIResponse(responseCode = "200", description = "Stored.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Upserted.class)))
    public Upserted upsertPrefixes(@NotNull @Size(min = 1, max = MAX_BATCH) List<@Valid @NotNull PrefixEntry> prefixes) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, List<String>> byPrefix = new LinkedHashMap<>();
        for (int i = 0; i < prefixes.size(); i++) {
            PrefixEntry entry = prefixes.get(i);
            for (int j = 0; j < entry.regencies().size(); j++) {
                checkRegency("[" + i + "].regencies[" + j + "]", entry.regencies().get(j), errors);
            }
            byPrefix.put(entry.prefix(), List.copyOf(new java.util.LinkedHashSet<>(entry.regencies())));
        }
        rejectIfAny(errors);
        return new Upserted(directory.upsertPrefixes(byPrefix));
    }

    /** The prefixes routing uses now: the area codes of the reference data, overridden or refined by operators. */
    @GET
    @Path("number-prefixes")
    @RolesAllowed({Roles.TELEPHONY, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "List the landline prefixes", description = "Served from memory.",
            extensions = @Extension(name = ApiDocumentFilter.NO_DATABASE, value = "true"))
    @APIResponse(responseCode = "200", description = "Prefix (national form) → the regencies it may be in.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    additionalProperties = String[].class, example = "{\"0389\": [\"53.04\", \"53.21\"]}")))
    public Map<String, List<String>> listPrefixes() {
        return new TreeMap<>(directory.snapshot().prefixes().entries());
    }

    private void checkRegency(String field, String code, List<Problem.FieldError> errors) {
        if (reference.regency(code).isEmpty()) {
            errors.add(new Problem.FieldError(field, "'" + code + "' is not a regency of NTT"));
        }
    }

    private static void rejectIfAny(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " invalid fields; nothing was stored", errors));
        }
    }
}
