"""What the review steps of the test walks write to forward a nominee who fails a criterion.

Demo and test nominees have little or no history, so most fail some criterion of
bpmn/eligibility.dmn; an approval then needs a justification (workflows.eligibility.checks).
"""

JUSTIFICATION = "Đã xem xét, đề nghị chuyển tiếp"
#: the field to merge into an approval's payload
FORWARD = {"justification": JUSTIFICATION}
