package oneshot.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oneshot.Comparison;
import oneshot.Face;
import oneshot.Gallery;
import oneshot.Identification;
import oneshot.OneShot;
import oneshot.OneShotException.GalleryConflictException;
import oneshot.OneShotException.SeveralFacesException;
import oneshot.Photo;
import oneshot.Located;
import oneshot.gallery.Enrolment;
import oneshot.gallery.IdentitySummary;
import oneshot.gallery.RemovalResult;

/**
 * The HTTP resources (docs/api.md) on the {@link OneShot} facade: requests in, facade calls, JSON out. Face work
 * (anything that decodes an image) goes through the bounded {@link WorkQueue}; gallery reads and deletions run on the
 * request thread. Every route is registered in {@link #register}, the one list the OpenAPI document is checked against.
 */
final class Api {
    static final String PREFIX = "/api/v1";
    private static final int MAX_CANDIDATES = 100;

    private final OneShot oneShot;
    private final Galleries galleries;
    private final WorkQueue work;
    private final ImageInput images;
    private final byte[] openApi;

    Api(OneShot oneShot, Galleries galleries, WorkQueue work, ImageInput images, byte[] openApi) {
        this.oneShot = oneShot;
        this.galleries = galleries;
        this.work = work;
        this.images = images;
        this.openApi = openApi;
    }

    void register(RoutesConfig r) {
        r.get("/health", this::health);
        r.get(PREFIX + "/health", this::health);
        r.get("/openapi.json", ctx -> ctx.contentType("application/json; charset=utf-8").result(openApi));
        r.get(PREFIX + "/models", this::models, Role.RECOGNITION);
        r.get(PREFIX + "/galleries", this::listGalleries, Role.RECOGNITION);
        r.post(PREFIX + "/galleries", this::createGallery, Role.ADMIN);
        r.get(PREFIX + "/galleries/{g}", this::gallery, Role.RECOGNITION);
        r.get(PREFIX + "/galleries/{g}/subjects", this::subjects, Role.RECOGNITION);
        r.post(PREFIX + "/galleries/{g}/subjects", this::createSubject, Role.ADMIN);
        r.get(PREFIX + "/galleries/{g}/subjects/{name}", this::subject, Role.RECOGNITION);
        r.delete(PREFIX + "/galleries/{g}/subjects/{name}", this::deleteSubject, Role.ADMIN);
        r.post(PREFIX + "/galleries/{g}/subjects/{name}/faces", this::addFace, Role.ADMIN);
        r.delete(PREFIX + "/galleries/{g}/subjects/{name}/faces/{id}", this::deleteFace, Role.ADMIN);
        r.post(PREFIX + "/galleries/{g}/identify", this::identify, Role.RECOGNITION);
        r.post(PREFIX + "/galleries/{g}/verify", this::verify, Role.RECOGNITION);
        r.post(PREFIX + "/detect", this::detect, Role.RECOGNITION);
    }

    private void health(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("model", oneShot.modelId());
        m.put("gallery", Galleries.DEFAULT);
        m.put("people", galleries.get(Galleries.DEFAULT).size());
        m.put("waiting", work.waiting());
        Json.send(ctx, 200, m);
    }

    private void models(Context ctx) {
        Json.send(ctx, 200, List.of(Views.model(oneShot.model(), true)));
    }

    private void listGalleries(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : galleries.names()) {
            out.add(galleryView(name));
        }
        Json.send(ctx, 200, out);
    }

    private void gallery(Context ctx) {
        Json.send(ctx, 200, galleryView(ctx.pathParam("g")));
    }

    private Map<String, Object> galleryView(String name) {
        try {
            return Views.gallery(name, galleries.get(name), oneShot.threshold());
        } catch (GalleryConflictException e) {
            return Views.foreignGallery(name, galleries.modelOf(name).orElse("unknown"));
        }
    }

    private void createGallery(Context ctx) {
        String name = stringField(Json.object(ctx.body()), "name");
        Json.send(ctx, 201, Views.gallery(name, galleries.create(name), oneShot.threshold()));
    }

    private void subjects(Context ctx) {
        Json.send(ctx, 200, galleries.get(ctx.pathParam("g")).people().stream().map(Views::subjectSummary).toList());
    }

    /** JSON {@code {"name"}} adds a person without a face (409 if the name exists); multipart name + image enrols one. */
    private void createSubject(Context ctx) throws Exception {
        Gallery g = galleries.get(ctx.pathParam("g"));
        if (!ctx.isMultipartFormData()) {
            String name = stringField(Json.object(ctx.body()), "name");
            IdentitySummary added = g.add(name);
            Json.send(ctx, 201, Views.subject(added.name(), List.of()));
            return;
        }
        String name = images.field(ctx, "name");
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("The multipart body has no field 'name' (who is in the image)");
        }
        ServerTiming timing = new ServerTiming();
        byte[] image = images.part(ctx, "image");
        if (image == null) {
            IdentitySummary added = g.add(name);
            Json.send(ctx, 201, Views.subject(added.name(), List.of()));
            return;
        }
        Map<String, Object> face = enrol(g, name, image, timing);
        timing.send(ctx);
        Json.send(ctx, 201, Views.subject(name, List.of(face)));
    }

    private void addFace(Context ctx) throws Exception {
        Gallery g = galleries.get(ctx.pathParam("g"));
        String name = ctx.pathParam("name");
        g.faces(name); // 404 for a person who is not there: a face is added to someone who exists
        ServerTiming timing = new ServerTiming();
        Map<String, Object> face = enrol(g, name, images.read(ctx, "image"), timing);
        timing.send(ctx);
        Json.send(ctx, 201, face);
    }

    /** The image's dominant face enrolled under {@code name}, on a worker; 422 when it has none or no dominant one. */
    private Map<String, Object> enrol(Gallery g, String name, byte[] image, ServerTiming timing) throws Exception {
        timing.mark("upload");
        return work.runWrite(() -> {
            timing.mark("queue");
            Face face;
            try {
                face = oneShot.dominantFace(image);
            } catch (SeveralFacesException e) {
                throw new ApiException(422, "several_faces", "The image has several faces and none is at least 4 times"
                        + " the area of each other one, so it is not clear whom to enrol as '" + name + "': send a photo"
                        + " of this person alone, or cropped to them. " + e.getMessage().replace(
                                "; pick one of OneShot.faces():", ":"));
            }
            timing.mark("faces");
            Enrolment e = g.enroll(name, face);
            timing.mark("store");
            return Views.enrolledFace(e, face);
        });
    }

    private void subject(Context ctx) {
        String name = ctx.pathParam("name");
        List<Enrolment> faces = galleries.get(ctx.pathParam("g")).faces(name);
        Json.send(ctx, 200, Views.subject(name, faces.stream().map(Views::storedFace).toList()));
    }

    private void deleteSubject(Context ctx) {
        RemovalResult r = galleries.get(ctx.pathParam("g")).remove(ctx.pathParam("name"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("removed", r.name());
        m.put("faces", r.vectorsDeleted());
        Json.send(ctx, 200, m);
    }

    private void deleteFace(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("A face id is a number (GET .../subjects/{name} lists them); got '"
                    + ctx.pathParam("id") + "'");
        }
        galleries.get(ctx.pathParam("g")).removeFace(ctx.pathParam("name"), id);
        Json.send(ctx, 200, Map.of("removed", id));
    }

    private void identify(Context ctx) throws Exception {
        Gallery g = galleries.get(ctx.pathParam("g"));
        Integer k = candidates(ctx.queryParam("candidates"));
        ServerTiming timing = new ServerTiming();
        byte[] image = images.read(ctx, "image");
        timing.mark("upload");
        Map<String, Object> m = work.run(() -> {
            timing.mark("queue");
            Photo photo = oneShot.photo(image);
            timing.mark("faces");
            List<Identification> who = k == null ? g.identify(photo.faces()) : g.identify(photo.faces(), k);
            timing.mark("search");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("width", photo.width());
            out.put("height", photo.height());
            out.put("model", oneShot.modelId());
            out.put("threshold", Views.threshold(oneShot.threshold()));
            out.put("faces", who.stream().map(Views::identification).toList());
            return out;
        });
        timing.send(ctx);
        Json.send(ctx, 200, m);
    }

    /** {@code image1} + {@code image2}: the largest face of each compared; {@code image} + {@code subject}: against the person. */
    private void verify(Context ctx) throws Exception {
        ServerTiming timing = new ServerTiming();
        Gallery g = galleries.get(ctx.pathParam("g"));
        String subject = images.field(ctx, "subject");
        Map<String, Object> m;
        if (subject != null) {
            byte[] image = images.read(ctx, "image");
            g.faces(subject); // 404 before any face work
            timing.mark("upload");
            m = work.run(() -> {
                timing.mark("queue");
                Face f = oneShot.largestFace(image);
                timing.mark("faces");
                return comparison(g.verify(subject, f), List.of(f));
            });
        } else {
            if (!ctx.isMultipartFormData()) {
                throw ApiException.badRequest("Verify takes multipart/form-data with parts 'image1' and 'image2', or an"
                        + " image ('image' part or the body) and a 'subject' (form field or query parameter)");
            }
            byte[] a = required(ctx, "image1");
            byte[] b = required(ctx, "image2");
            timing.mark("upload");
            m = work.run(() -> {
                timing.mark("queue");
                Face fa = oneShot.largestFace(a);
                Face fb = oneShot.largestFace(b);
                timing.mark("faces");
                return comparison(oneShot.compare(fa, fb), List.of(fa, fb));
            });
        }
        timing.send(ctx);
        Json.send(ctx, 200, m);
    }

    private byte[] required(Context ctx, String part) {
        byte[] b = images.part(ctx, part);
        if (b == null) {
            throw ApiException.badRequest("The multipart body has no part named '" + part + "' (verify compares 'image1'"
                    + " with 'image2')");
        }
        return b;
    }

    private static Map<String, Object> comparison(Comparison c, List<Face> faces) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("same", c.same());
        m.put("distance", c.distance());
        m.put("threshold", Views.threshold(c));
        m.put("faces", faces.stream().map(f -> Views.box(f.box())).toList());
        return m;
    }

    private void detect(Context ctx) throws Exception {
        ServerTiming timing = new ServerTiming();
        byte[] image = images.read(ctx, "image");
        timing.mark("upload");
        Map<String, Object> m = work.run(() -> {
            timing.mark("queue");
            Located found = oneShot.locate(image); // no embedding: detection and landmarks only
            timing.mark("faces");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("width", found.width());
            out.put("height", found.height());
            out.put("faces", found.faces().stream().map(Views::detected).toList());
            return out;
        });
        timing.send(ctx);
        Json.send(ctx, 200, m);
    }

    /** The {@code candidates} query parameter, or null for the facade's default. */
    private static Integer candidates(String q) {
        if (q == null) {
            return null;
        }
        try {
            int k = Integer.parseInt(q.trim());
            if (k >= 1 && k <= MAX_CANDIDATES) {
                return k;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw ApiException.badRequest("candidates must be a whole number from 1 to " + MAX_CANDIDATES + "; got '" + q + "'");
    }

    private static String stringField(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw ApiException.badRequest("The JSON body needs a string field '" + field + "'");
        }
        return e.getAsString();
    }
}
