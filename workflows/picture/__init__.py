"""The process picture: BPMN diagrams drawn as SVG from their diagram interchange."""
