package dev.eventpipe.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Maven modules the parent POM lists, read from the POMs: which exist, which eventpipe modules each
 * depends on, and the Java sources they hold. Lets the checks follow the code as it is on the branch
 * (a module not yet in the reactor is reported as such, not guessed).
 */
public final class Reactor {

    /** One module: its directory and artifactId, and the eventpipe artifacts it depends on. */
    public record Module(Path dir, String artifactId, List<String> dependencies) {
    }

    private static final Pattern ENV_LITERAL = Pattern.compile("\"((?:EVENTPIPE|POWERTOOLS)_[A-Z0-9_]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+([A-Z0-9_]+)\\s*=\\s*\"(EVENTPIPE_[A-Z0-9_]+)\"");
    private static final Pattern REQUIRED = Pattern.compile("\\.required\\(\\s*(\"(EVENTPIPE_[A-Z0-9_]+)\"|([A-Z0-9_]+))\\s*\\)");

    private final Map<String, Module> byArtifact = new LinkedHashMap<>();

    private Reactor(Path root) {
        for (String name : elements(parse(root.resolve("pom.xml")), "module")) {
            Path dir = root.resolve(name);
            if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
                continue;
            }
            Document pom = parse(dir.resolve("pom.xml"));
            String artifactId = directChild(pom.getDocumentElement(), "artifactId");
            List<String> deps = new ArrayList<>();
            NodeList nodes = pom.getElementsByTagName("dependency");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element d = (Element) nodes.item(i);
                String scope = directChild(d, "scope");
                if ("dev.eventpipe".equals(directChild(d, "groupId")) && (scope == null || scope.equals("compile") || scope.equals("runtime"))) {
                    deps.add(directChild(d, "artifactId"));
                }
            }
            byArtifact.put(artifactId, new Module(dir, artifactId, List.copyOf(deps)));
        }
    }

    public static Reactor of(Path root) {
        return new Reactor(root);
    }

    public List<Module> modules() {
        return List.copyOf(byArtifact.values());
    }

    /** The module whose {@code src/main/java} holds the class. */
    public Optional<Module> moduleOf(String className) {
        String rel = "src/main/java/" + className.replace('.', '/') + ".java";
        return byArtifact.values().stream().filter(m -> Files.isRegularFile(m.dir().resolve(rel))).findFirst();
    }

    /** The module and every eventpipe module it depends on at run time. */
    public List<Module> withDependencies(Module m) {
        Set<Module> seen = new LinkedHashSet<>();
        Deque<Module> todo = new ArrayDeque<>(List.of(m));
        while (!todo.isEmpty()) {
            Module next = todo.pop();
            if (seen.add(next)) {
                next.dependencies().stream().map(byArtifact::get).filter(java.util.Objects::nonNull).forEach(todo::push);
            }
        }
        return List.copyOf(seen);
    }

    /** Every EVENTPIPE_* and POWERTOOLS_* string literal in the main sources of the modules. */
    public static Set<String> environmentLiterals(List<Module> modules) {
        Set<String> names = new LinkedHashSet<>();
        forEachSource(modules, text -> {
            Matcher m = ENV_LITERAL.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    /** The EVENTPIPE_* variables read with {@code .required(...)} (literal or a constant of the same file). */
    public static Set<String> requiredVariables(List<Module> modules) {
        Set<String> names = new LinkedHashSet<>();
        forEachSource(modules, text -> {
            Map<String, String> constants = new LinkedHashMap<>();
            Matcher c = CONSTANT.matcher(text);
            while (c.find()) {
                constants.put(c.group(1), c.group(2));
            }
            Matcher m = REQUIRED.matcher(text);
            while (m.find()) {
                String name = m.group(2) != null ? m.group(2) : constants.get(m.group(3));
                if (name != null) {
                    names.add(name);
                }
            }
        });
        return names;
    }

    private static void forEachSource(List<Module> modules, java.util.function.Consumer<String> action) {
        for (Module m : modules) {
            Path src = m.dir().resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    action.accept(Files.readString(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new InfraCheckException("cannot read " + pom + ": " + e.getMessage());
        }
    }

    private static List<String> elements(Document doc, String tag) {
        List<String> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    private static String directChild(Element e, String tag) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && child.getTagName().equals(tag)) {
                return child.getTextContent().strip();
            }
        }
        return null;
    }
}
