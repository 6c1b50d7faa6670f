// Deploy: SSH deployment of SVM nodes (issue 7).
