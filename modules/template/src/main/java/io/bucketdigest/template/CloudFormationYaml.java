package io.bucketdigest.template;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses CloudFormation YAML into plain maps, lists and scalars. Short-form intrinsics become their long form:
 * {@code !Ref X} is {@code {"Ref": "X"}}, {@code !Condition C} is {@code {"Condition": "C"}}, any other
 * {@code !Name v} is {@code {"Fn::Name": v}}, and {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A", "B"]}}.
 */
final class CloudFormationYaml {

    private CloudFormationYaml() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        Object document;
        try {
            document = new Yaml(new IntrinsicConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new TemplateException(source + " is not valid CloudFormation YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof Map)) {
            throw new TemplateException(source + " must be a YAML mapping with a Resources section");
        }
        return (Map<String, Object>) document;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlMultiConstructors.put("!", new ConstructIntrinsic());
        }

        private final class ConstructIntrinsic extends AbstractConstruct {

            @Override
            public Object construct(Node node) {
                String name = node.getTag().getValue().substring(1);
                String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                if (key.equals("Fn::GetAtt") && value instanceof String attribute) {
                    int dot = attribute.indexOf('.');
                    if (dot <= 0) {
                        throw new YAMLException("!GetAtt needs Resource.Attribute, got '" + attribute + "' "
                                + node.getStartMark());
                    }
                    value = List.of(attribute.substring(0, dot), attribute.substring(dot + 1));
                }
                return Map.of(key, value);
            }
        }
    }
}
