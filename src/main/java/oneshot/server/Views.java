package oneshot.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oneshot.Comparison;
import oneshot.Face;
import oneshot.Gallery;
import oneshot.Identification;
import oneshot.gallery.Enrolment;
import oneshot.gallery.FaceBox;
import oneshot.gallery.IdentitySummary;
import oneshot.gallery.Match;
import oneshot.gallery.ModelDescription;
import oneshot.gallery.Threshold;

/** The JSON shapes of the API (docs/api.md), built from the facade's types as ordered maps. */
final class Views {
    private Views() {}

    static Map<String, Object> box(FaceBox b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", b.x());
        m.put("y", b.y());
        m.put("width", b.width());
        m.put("height", b.height());
        return m;
    }

    static Map<String, Object> threshold(Threshold t) {
        return threshold(t.value(), t.origin(), t.calibrated(), t.rule());
    }

    /** The threshold a comparison was held against (the same shape as a gallery's). */
    static Map<String, Object> threshold(Comparison c) {
        return threshold(c.threshold(), c.origin(), c.calibrated(), c.rule());
    }

    private static Map<String, Object> threshold(double value, String origin, boolean calibrated, String rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("origin", origin);
        m.put("calibrated", calibrated);
        m.put("rule", rule);
        return m;
    }

    static Map<String, Object> model(ModelDescription d, boolean isDefault) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("architecture", d.architecture());
        m.put("input", d.inputSize());
        m.put("alignment", d.alignment());
        m.put("distance", d.distance());
        m.put("trained", d.trained());
        m.put("default", isDefault);
        return m;
    }

    /** A gallery of this server's model: its people and faces counted, its threshold. */
    static Map<String, Object> gallery(String name, Gallery g, Threshold t) {
        List<IdentitySummary> people = g.people();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("model", g.modelId().orElse(null));
        m.put("people", people.size());
        m.put("faces", people.stream().mapToInt(IdentitySummary::embeddings).sum());
        m.put("threshold", threshold(t));
        return m;
    }

    /** A gallery built with another model: listed with its model so the clash is visible, not counted or usable here. */
    static Map<String, Object> foreignGallery(String name, String model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("model", model);
        m.put("people", null);
        m.put("faces", null);
        m.put("threshold", null);
        m.put("usable", false);
        m.put("reason", "built with model '" + model + "'; this server runs another model, and a gallery never mixes models");
        return m;
    }

    static Map<String, Object> subjectSummary(IdentitySummary p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("faces", p.embeddings());
        m.put("enrolled", p.createdAt().toString());
        return m;
    }

    static Map<String, Object> storedFace(Enrolment e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("box", box(e.box()));
        m.put("enrolled", e.enrolledAt().toString());
        m.put("source", e.sourceSha256());
        return m;
    }

    static Map<String, Object> enrolledFace(Enrolment e, Face f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("box", box(e.box()));
        m.put("score", f.score());
        m.put("enrolled", e.enrolledAt().toString());
        return m;
    }

    static Map<String, Object> subject(String name, List<Map<String, Object>> faces) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("faces", faces);
        return m;
    }

    static Map<String, Object> identification(Identification id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("box", box(id.face().box()));
        m.put("score", id.face().score());
        m.put("name", id.name());
        m.put("label", id.label());
        m.put("distance", Json.number(id.distance()));
        List<Map<String, Object>> cands = new ArrayList<>();
        for (Match c : id.candidates()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("distance", Json.number(c.distance()));
            cands.add(cm);
        }
        m.put("candidates", cands);
        return m;
    }

    static Map<String, Object> detected(oneshot.FaceLocation f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("box", box(f.box()));
        m.put("score", f.score());
        List<double[]> points = new ArrayList<>();
        double[] xy = f.landmarks();
        for (int i = 0; i + 1 < xy.length; i += 2) {
            points.add(new double[] {xy[i], xy[i + 1]});
        }
        m.put("landmarks", points);
        return m;
    }
}
