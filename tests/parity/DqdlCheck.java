// AWS's DQDL parser (software.amazon.glue:dqdl) over a JSON array of documents: for each, whether
// it parses and its canonical form (DQRuleset.toString()), or the parser's error. Run by
// dqdl-parser.test.ts with `java -cp <Spark's jars>:<dqdl.jar> DqdlCheck.java docs.json`.
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.glue.dqdl.parser.DQDLParser;

public class DqdlCheck {
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<?> docs = json.readValue(Files.readAllBytes(Paths.get(args[0])), List.class);
    List<Map<String, Object>> out = new ArrayList<>();
    DQDLParser parser = new DQDLParser();
    for (Object doc : docs) {
      Map<String, Object> result = new LinkedHashMap<>();
      try {
        result.put("canonical", parser.parse((String) doc).toString());
        result.put("ok", true);
      } catch (Exception e) {
        result.put("ok", false);
        result.put("error", String.valueOf(e.getMessage()));
      }
      out.add(result);
    }
    System.out.println("@@result@@");
    System.out.println(json.writeValueAsString(out));
  }
}
