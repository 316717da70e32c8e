package dev.hubbub.apphost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.apphost.internal.bicep.BicepExpression;
import dev.hubbub.apphost.internal.bicep.BicepStatement;
import dev.hubbub.apphost.internal.bicep.BicepWriter;
import dev.hubbub.apphost.internal.manifest.JsonWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WritersTest {

    @Test
    void jsonEscapesLikeSystemTextJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b<c>&'+`é\n\\");
        m.put("empty", Map.of());
        m.put("list", List.of());
        m.put("n", 1);
        assertThat(JsonWriter.write(m)).isEqualTo("""
                {
                  "s": "a\\u0022b\\u003Cc\\u003E\\u0026\\u0027\\u002B\\u0060\\u00E9\\n\\\\",
                  "empty": {},
                  "list": [],
                  "n": 1
                }""");
    }

    @Test
    void bicepQuotesEscapesAndSeparatesStatements() {
        String text = BicepWriter.write(List.of(
                new BicepStatement.Param("p", "string", "It's ${x}", null),
                new BicepStatement.Output("o", "string", BicepExpression.string("a\\b\n'${c}'"))));
        assertThat(text).isEqualTo("""
                @description('It\\'s \\${x}')
                param p string

                output o string = 'a\\\\b\\n\\'\\${c}\\''""");
    }
}
