"""Print the intent classifier's F1 on the held-out set, per intent and overall; fail under a floor.

Usage: nlu_f1.py var/rasa-nlu-results/intent_report.json 0.80
"""

import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
floor = float(sys.argv[2])
intents = {name: row for name, row in report.items() if isinstance(row, dict) and "support" in row
           and name not in ("micro avg", "macro avg", "weighted avg")}
for name, row in sorted(intents.items(), key=lambda item: item[1]["f1-score"]):
    print(f"  {name:<18} F1 {row['f1-score']:.3f}  ({row['support']} phrasings)")
weighted = report["weighted avg"]["f1-score"]
print(f"NLU held-out set: weighted F1 {weighted:.3f}, macro F1 {report['macro avg']['f1-score']:.3f}, "
      f"accuracy {report.get('accuracy', 0):.3f} (floor {floor:.2f})")
sys.exit(0 if weighted >= floor else 1)
